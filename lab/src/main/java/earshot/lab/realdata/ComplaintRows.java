package earshot.lab.realdata;

import earshot.jobs.csv.CsvLineReader;
import earshot.schemas.Channel;
import earshot.schemas.Interaction;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a public complaint log into interactions, so that detectors can be replayed on a dated
 * stream nobody here wrote. Two layouts are read, recognised by their header:
 *
 * <ul>
 *   <li><b>CFPB consumer complaints</b> ({@code Complaint ID, Product, Sub-product, Issue, Sub-issue,
 *       State, ..., Submitted via, Date received, ..., Company, ...}): product = company,
 *       touchpoint = the financial product, region = state, channel from "Submitted via", text =
 *       issue and sub-issue (the product when no issue is given). Only the date is known: each complaint is placed at a time of that day
 *       drawn from its id (the same every run), so only daily windows are meaningful.
 *   <li><b>Comcast telecom complaints</b> ({@code Ticket #, Customer Complaint, Date,
 *       Date_month_year, Time, Received Via, City, State, ...}): product = Comcast, region = state,
 *       channel from "Received Via", text = the complaint's title, time of day as logged. The
 *       log swapped day and month wherever the day could be a month (it covers April to June 2015
 *       but shows dates in every month, all on days 4 to 6): a day of 12 or less is read swapped back.
 * </ul>
 *
 * Emits one interaction per row, sorted by time, with consent to analyse the text (the texts are
 * published complaint titles, not personal messages). A malformed row (wrong number of fields, an
 * unreadable date, no text) is refused with its line number: the conversion stops rather than
 * quietly dropping evidence.
 */
public final class ComplaintRows {

  /** The layouts read. */
  public enum Layout { CFPB, COMCAST }

  private static final DateTimeFormatter CFPB_DATE = DateTimeFormatter.ofPattern("M/d/uuuu", Locale.ROOT)
      .withResolverStyle(java.time.format.ResolverStyle.STRICT);
  private static final DateTimeFormatter COMCAST_DATE = new java.time.format.DateTimeFormatterBuilder()
      .parseCaseInsensitive().appendPattern("d-MMM-uu").toFormatter(Locale.ROOT)
      .withResolverStyle(java.time.format.ResolverStyle.STRICT);
  private static final DateTimeFormatter COMCAST_TIME = DateTimeFormatter.ofPattern("h:mm:ss a", Locale.ROOT);

  /** RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks; a quote opens only at a field's start. */
  private static final CsvLineReader.Options CSV = new CsvLineReader.Options(false, true);

  private ComplaintRows() {}

  /** A row that cannot be converted, with its line number (1 = the header). */
  public static final class MalformedRowException extends IllegalArgumentException {
    public MalformedRowException(long line, String message) {
      super("line " + line + ": " + message);
    }
  }

  /** Reads every row and returns the interactions in time order (ties by id). */
  public static List<Interaction> read(BufferedReader reader) throws IOException {
    CsvLineReader lines = new CsvLineReader(reader, CSV);
    List<String> header = next(lines);
    if (header == null) {
      throw new MalformedRowException(1, "empty file: no header");
    }
    Layout layout = layout(header);
    Map<String, Integer> columns = new HashMap<>();
    for (int i = 0; i < header.size(); i++) {
      columns.put(header.get(i).strip(), i);
    }
    List<Interaction> out = new ArrayList<>();
    List<String> row;
    while ((row = next(lines)) != null) {
      long line = lines.lineOfLastRecord();
      if (row.size() == 1 && row.get(0).isBlank()) {
        continue;
      }
      if (row.size() != header.size()) {
        throw new MalformedRowException(line, "expected " + header.size() + " fields, found " + row.size());
      }
      out.add(layout == Layout.CFPB ? cfpb(row, columns, line) : comcast(row, columns, line));
    }
    out.sort(Comparator.comparing(Interaction::getOccurredAt).thenComparing(Interaction::getInteractionId));
    return out;
  }

  private static List<String> next(CsvLineReader lines) throws IOException {
    try {
      return lines.next();
    } catch (CsvLineReader.UnclosedQuoteException e) {
      throw new MalformedRowException(e.line(), e.getMessage());
    }
  }

  /** Converts a complaint file into interaction JSON lines; returns how many were written. */
  public static long convert(java.nio.file.Path csv, java.nio.file.Path out) throws IOException {
    List<Interaction> interactions;
    try (BufferedReader reader = java.nio.file.Files.newBufferedReader(csv, java.nio.charset.StandardCharsets.UTF_8)) {
      interactions = read(reader);
    }
    try (java.io.BufferedWriter writer = java.nio.file.Files.newBufferedWriter(out, java.nio.charset.StandardCharsets.UTF_8)) {
      for (Interaction interaction : interactions) {
        writer.write(earshot.schemas.JsonCodec.toJson(interaction));
        writer.write('\n');
      }
    }
    return interactions.size();
  }

  /** Which layout a header is, or a refusal naming what is missing. */
  static Layout layout(List<String> header) {
    List<String> names = header.stream().map(String::strip).toList();
    if (names.containsAll(List.of("Complaint ID", "Product", "Issue", "State", "Submitted via", "Date received", "Company"))) {
      return Layout.CFPB;
    }
    if (names.containsAll(List.of("Ticket #", "Customer Complaint", "Date_month_year", "Time", "Received Via", "State"))) {
      return Layout.COMCAST;
    }
    throw new MalformedRowException(1, "not a known complaint layout (CFPB consumer complaints or Comcast telecom "
        + "complaints): header " + names);
  }

  private static Interaction cfpb(List<String> row, Map<String, Integer> columns, long line) {
    String id = field(row, columns, "Complaint ID", line);
    LocalDate date = parseDate(field(row, columns, "Date received", line), CFPB_DATE, line);
    // A few complaints name no issue: their product is then all that was said.
    String issue = optional(row, columns, "Issue");
    String subIssue = optional(row, columns, "Sub-issue");
    String text = issue == null ? field(row, columns, "Product", line) : subIssue == null ? issue : issue + ": " + subIssue;
    // Only the day is known: a time of day from the id keeps the order stable and the day right.
    long second = Math.floorMod(id.hashCode() * 2654435761L, 86_400L);
    return Interaction.newBuilder()
        .setInteractionId("cfpb-" + id)
        .setChannel(channel(field(row, columns, "Submitted via", line)))
        .setOccurredAt(date.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(second))
        .setProduct(field(row, columns, "Company", line))
        .setTouchpoint(slug(field(row, columns, "Product", line)))
        .setRegion(optional(row, columns, "State"))
        .setText(text)
        .setLanguage("en")
        .setConsent(true)
        .build();
  }

  private static Interaction comcast(List<String> row, Map<String, Integer> columns, long line) {
    String id = field(row, columns, "Ticket #", line);
    LocalDate date = parseDate(field(row, columns, "Date_month_year", line), COMCAST_DATE, line);
    if (date.getDayOfMonth() <= 12) {
      // The published log swapped day and month wherever the day could be a month: it covers April
      // to June 2015, yet shows dates in every month of 2015, all on days 4, 5 and 6.
      date = LocalDate.of(date.getYear(), date.getDayOfMonth(), date.getMonthValue());
    }
    LocalTime time;
    try {
      time = LocalTime.parse(field(row, columns, "Time", line).toUpperCase(Locale.ROOT), COMCAST_TIME);
    } catch (DateTimeParseException e) {
      throw new MalformedRowException(line, "unreadable time '" + row.get(columns.get("Time")) + "'");
    }
    return Interaction.newBuilder()
        .setInteractionId("comcast-" + id)
        .setChannel(channel(field(row, columns, "Received Via", line)))
        .setOccurredAt(LocalDateTime.of(date, time).toInstant(ZoneOffset.UTC))
        .setProduct("Comcast")
        .setRegion(optional(row, columns, "State"))
        .setText(field(row, columns, "Customer Complaint", line))
        .setLanguage("en")
        .setConsent(true)
        .build();
  }

  /** The channel a complaint came through: a phone call, a web or internet form (APP), e-mail, else OTHER (mail, fax, referral). */
  static Channel channel(String via) {
    String v = via.strip().toLowerCase(Locale.ROOT);
    if (v.contains("call") || v.equals("phone")) {
      return Channel.CALL;
    }
    if (v.equals("web") || v.equals("internet")) {
      return Channel.APP;
    }
    if (v.contains("mail") && !v.contains("postal")) {
      return Channel.EMAIL;
    }
    return Channel.OTHER;
  }

  private static LocalDate parseDate(String text, DateTimeFormatter format, long line) {
    try {
      return LocalDate.parse(text.strip(), format);
    } catch (DateTimeParseException e) {
      throw new MalformedRowException(line, "unreadable date '" + text + "'");
    }
  }

  private static String field(List<String> row, Map<String, Integer> columns, String name, long line) {
    String value = row.get(columns.get(name)).strip();
    if (value.isEmpty()) {
      throw new MalformedRowException(line, "empty field '" + name + "'");
    }
    return value;
  }

  private static String optional(List<String> row, Map<String, Integer> columns, String name) {
    Integer i = columns.get(name);
    if (i == null) {
      return null;
    }
    String value = row.get(i).strip();
    return value.isEmpty() ? null : value;
  }

  private static String slug(String text) {
    return text.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
  }
}
