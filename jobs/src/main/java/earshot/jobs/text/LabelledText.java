package earshot.jobs.text;

import earshot.schemas.SentimentLabel;

/** One text with the sentiment a person gave it. */
public record LabelledText(String text, SentimentLabel label) {}
