package earshot.lab.generator;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Synthetic customer messages for the generator, by tone and journey touchpoint, with slots for
 * product, days and amounts so that no two streams read alike. These texts exist to make demos and
 * replays realistic; the sentiment model is trained and evaluated on separate, hand-labelled data.
 */
final class Phrasebook {

  private Phrasebook() {}

  private static final Map<String, List<String>> NEGATIVE = Map.of(
      "delivery", List.of(
          "My {product} order was supposed to arrive {days} days ago and still nothing.",
          "Third time I ask where my parcel is. Nobody answers the tracking emails.",
          "The courier never showed up, I waited at home all day for nothing.",
          "Package arrived damaged and the box was open. Not acceptable.",
          "Delivery slot missed again, this is getting ridiculous"),
      "billing", List.of(
          "You charged me twice this month for {product}, I want my {amount} back.",
          "My bill went up by {amount} without any warning. Explain this.",
          "Still waiting for the refund you promised {days} days ago.",
          "The invoice is wrong again and nobody in billing can fix it."),
      "support", List.of(
          "I have been on hold for {minutes} minutes and got transferred three times.",
          "The app keeps crashing every time I open my account.",
          "Nobody answered my email for {days} days, terrible service.",
          "Your agent hung up on me. Worst support I have ever had.",
          "The {product} connection drops every evening and support just reads a script."),
      "onboarding", List.of(
          "Activation of {product} failed twice and I still have no service.",
          "The installer cancelled the appointment at the last minute.",
          "Setup instructions make no sense, I gave up after an hour."),
      "cancellation", List.of(
          "I want to cancel my {product} subscription, this is the last straw.",
          "Cancel my contract now. I'm moving to another provider.",
          "Please close my account, I've had enough of these outages."),
      "renewal", List.of(
          "The renewal price is outrageous, {amount} more than last year for the same {product}.",
          "Loyal customer for years and this is how you treat me at renewal."),
      "purchase", List.of(
          "The website took my payment but the order for {product} never went through.",
          "Checkout failed three times, I almost bought elsewhere."));

  private static final Map<String, List<String>> NEUTRAL = Map.of(
      "delivery", List.of("Can you tell me when my {product} order will be delivered?",
          "I'd like to change the delivery address for my order.",
          "What time window is the courier coming tomorrow?"),
      "billing", List.of("How do I download last month's invoice?",
          "Can I change the payment date of my direct debit?",
          "Please send me a copy of my bill for {product}."),
      "support", List.of("How do I reset the password of my account?",
          "Is there planned maintenance in my area this week?",
          "I need help configuring the {product} settings."),
      "onboarding", List.of("When will the technician come to install {product}?",
          "Which documents do I need to activate my line?"),
      "cancellation", List.of("What is the notice period if I end the contract?",
          "How do I return the router at the end of the contract?"),
      "renewal", List.of("My contract ends next month, what are my options?",
          "Can I keep my number when I renew?"),
      "purchase", List.of("Is {product} available in my area?",
          "Do you have a bundle with {product} and TV?"));

  private static final Map<String, List<String>> POSITIVE = Map.of(
      "delivery", List.of("Order arrived a day early, thank you!", "Smooth delivery, the courier was very friendly.",
          "Got my {product} this morning, everything works. Great job."),
      "billing", List.of("Thanks for sorting out the invoice so quickly.",
          "The refund arrived today, really appreciate it."),
      "support", List.of("The agent fixed my {product} problem in five minutes, brilliant service.",
          "Thank you for the quick and helpful answer!", "Very patient and helpful support, problem solved."),
      "onboarding", List.of("Installation was quick and the technician was great.",
          "{product} is up and running, setup was easy."),
      "cancellation", List.of("You convinced me to stay, thanks for the better offer.",
          "Cancellation handled politely and quickly, thank you."),
      "renewal", List.of("Happy with the renewal offer, I'll stay another year.",
          "Great loyalty discount on {product}, thanks."),
      "purchase", List.of("Ordering {product} online was really easy.",
          "Great price and the sales advisor was super helpful."));

  private static final List<String> FOREIGN = List.of(
      "Mon colis n'est toujours pas arrivé, c'est inadmissible.",
      "Ich warte seit einer Woche auf meine Rechnung, bitte melden Sie sich.",
      "El técnico no vino y nadie me ha llamado.",
      "Merci pour votre aide rapide, tout fonctionne.");

  /** What a customer on the way out writes, by moment of the journey. */
  private static final Map<String, List<String>> CHURN = Map.of(
      "repeat", List.of(
          "This is the third time I contact you about the same problem and it is still not fixed.",
          "Following up again on my {product} issue, nobody has sorted it out yet.",
          "I called last week about this and I'm still waiting for a fix. Second time I ask.",
          "Again the same problem with my {product}, I already reported it twice."),
      "transferred", List.of(
          "I was transferred three times and nobody could help me with my {product}.",
          "Passed around from department to department for an hour, still no solution.",
          "Every agent transferred me to someone else, I hung up after {minutes} minutes."),
      "unanswered", List.of(
          "I emailed you {days} days ago and still no answer. Please reply.",
          "Still waiting for a reply to my email about my {product}.",
          "Why does nobody answer my messages? I wrote to you twice already."),
      "complaint", List.of(
          "I am fed up with this, the service is unacceptable.",
          "This is ridiculous, worst service I have ever had.",
          "Really disappointed, I expected much better from you. Not good enough."),
      "social", List.of(
          "Worst customer service ever, {days} days and still no fix for my {product}.",
          "Avoid this company, nobody answers and nothing gets fixed. Totally unacceptable.",
          "Absolutely fed up with my provider, the {product} has been broken for {days} days."),
      "cancel", List.of(
          "I want to cancel my {product} subscription, I'm done with you.",
          "Please cancel my contract, I'm switching to another provider.",
          "I have decided to leave, please close my account.",
          "Cancel my contract now. I'm moving to another provider."));

  private static final List<String> PRODUCTS_SPOKEN = List.of("fibre", "broadband", "mobile plan", "TV package", "router");

  static String negative(String touchpoint, SplittableRandom random) {
    return fill(pick(NEGATIVE.getOrDefault(touchpoint, NEGATIVE.get("support")), random), random);
  }

  static String neutral(String touchpoint, SplittableRandom random) {
    return fill(pick(NEUTRAL.getOrDefault(touchpoint, NEUTRAL.get("support")), random), random);
  }

  static String positive(String touchpoint, SplittableRandom random) {
    return fill(pick(POSITIVE.getOrDefault(touchpoint, POSITIVE.get("support")), random), random);
  }

  /** A message of a customer on the way out: repeat, transferred, unanswered, complaint, social or cancel. */
  static String churn(String moment, SplittableRandom random) {
    List<String> forms = CHURN.get(moment);
    if (forms == null) {
      throw new IllegalArgumentException("no churn phrases for " + moment);
    }
    return fill(pick(forms, random), random);
  }

  static String foreign(SplittableRandom random) {
    return pick(FOREIGN, random);
  }

  /** A complaint about a theme nobody mentioned before. */
  static String aboutTopic(String topic, SplittableRandom random) {
    List<String> forms = List.of("Since yesterday I keep getting the {topic}, what is going on?",
        "Anyone else stuck with the {topic}? Can't use my account.",
        "The {topic} again. Please fix this.",
        "Third day with the {topic}, I'm losing patience.");
    return pick(forms, random).replace("{topic}", topic);
  }

  private static String fill(String template, SplittableRandom random) {
    return template
        .replace("{product}", pick(PRODUCTS_SPOKEN, random))
        .replace("{days}", Integer.toString(2 + random.nextInt(9)))
        .replace("{minutes}", Integer.toString(20 + random.nextInt(70)))
        .replace("{amount}", "€" + (5 + random.nextInt(60)));
  }

  static <T> T pick(List<T> items, SplittableRandom random) {
    return items.get(random.nextInt(items.size()));
  }
}
