#include "assistant/nlu/nlu.hpp"

#include "assistant/nlu/detail/lexicon.hpp"

#include <gtest/gtest.h>

#include <string>

namespace convonet::assistant::nlu {
namespace {

const Timestamp kNow = *parse_rfc3339("2026-11-24T10:00:00Z");  // a Tuesday

// What one utterance, understood at kNow in UTC, asks for, names as its title, and names as
// people.
std::string intent(const char* text) {
  return understand(text, kNow, "UTC").intent;
}
std::string title(const char* text) {
  return understand(text, kNow, "UTC").slots.value("title", "");
}
nlohmann::json persons(const char* text) {
  return understand(text, kNow, "UTC").slots.value("persons", nlohmann::json::array());
}

TEST(Nlu, ReminderWithPersonAndTime) {
  const auto u =
      understand("create a reminder to follow up with John tomorrow at 2 PM", kNow, "UTC");
  EXPECT_EQ(u.intent, "create_reminder");
  EXPECT_EQ(u.slots["title"], "follow up with John");
  EXPECT_EQ(u.slots["persons"], nlohmann::json::array({"John"}));
  ASSERT_TRUE(u.time);
  EXPECT_EQ(format_rfc3339(u.time->start), "2026-11-25T14:00:00Z");
  EXPECT_GT(u.confidence, 0.3);
}

TEST(Nlu, ToJsonShape) {
  const auto j = to_json(understand("schedule lunch with alex tomorrow", kNow, "UTC"));
  EXPECT_EQ(j["intent"], "create_event");
  EXPECT_TRUE(j["confidence"].is_number());
  EXPECT_TRUE(j["slots"].is_object());
  EXPECT_EQ(j["time"]["start"], "2026-11-25T00:00:00Z");
  EXPECT_EQ(j["time"]["end"], "2026-11-26T00:00:00Z");
  EXPECT_EQ(j["time"]["grain"], "day");
  EXPECT_TRUE(to_json(understand("hello there", kNow, "UTC"))["time"].is_null());
}

// Rules added on 2026-11-27 (docs/benchmarks.md, "Language understanding").
TEST(Nlu, WordsBetweenADayAndATimeSaidApartStayInTheTitle) {
  const auto u = understand("on friday remind me to call bob at 5 pm", kNow, "UTC");
  EXPECT_EQ(u.intent, "create_reminder");
  EXPECT_EQ(u.slots["title"], "call bob");
  ASSERT_TRUE(u.time);
  EXPECT_EQ(format_rfc3339(u.time->start), "2026-11-27T17:00:00Z");
  ASSERT_EQ(u.time->pieces.size(), 2U);
}

TEST(Nlu, AlarmForABareNumberIsAClockTime) {
  const auto alarm = understand("set an alarm for 7", kNow, "UTC");
  ASSERT_TRUE(alarm.time);
  EXPECT_EQ(format_rfc3339(alarm.time->start), "2026-11-25T07:00:00Z");
  EXPECT_FALSE(alarm.slots.contains("title"));
  EXPECT_FALSE(understand("book a table for 7", kNow, "UTC").time);
}

TEST(Nlu, AQuestionWordIsNoListName) {
  const auto u = understand("what lists do i have", kNow, "UTC");
  EXPECT_EQ(u.intent, "list_todos");
  EXPECT_FALSE(u.slots.contains("list_name"));
}

TEST(Nlu, AnEnumerationIsOneItemEach) {
  using nlohmann::json;
  EXPECT_EQ(understand("add milk, eggs and bread to my shopping list", kNow, "UTC").slots["items"],
            json::array({"milk", "eggs", "bread"}));
  EXPECT_EQ(understand("put apples and oranges on the grocery list", kNow, "UTC").slots["items"],
            json::array({"apples", "oranges"}));
  EXPECT_EQ(understand("new todos: call mom, pay rent", kNow, "UTC").slots["items"],
            json::array({"call mom", "pay rent"}));
  // Without commas or a list named, "and" is part of one task; some foods are one thing.
  EXPECT_FALSE(understand("add call mom and pay rent", kNow, "UTC").slots.contains("items"));
  EXPECT_FALSE(
      understand("add mac and cheese to the shopping list", kNow, "UTC").slots.contains("items"));
  EXPECT_FALSE(understand("add soap to my list", kNow, "UTC").slots.contains("items"));
}

TEST(Lexicon, TellsEverydayWordsFromNames) {
  using namespace detail;
  EXPECT_TRUE(is_common_word("milk"));
  EXPECT_FALSE(is_proper_noun("milk"));
  EXPECT_TRUE(is_proper_noun("helga"));
  EXPECT_FALSE(is_common_word("helga"));
  EXPECT_TRUE(is_common_word("bob") && is_proper_noun("bob"));  // both: "bob" is a name too
  EXPECT_FALSE(is_common_word("siddharth") || is_proper_noun("siddharth"));
  EXPECT_TRUE(may_be_name("siddharth"));
  EXPECT_FALSE(may_be_name("meeting"));
  // The first and last words of each list are found: the embedded lists are sorted.
  EXPECT_TRUE(is_common_word("a"));
  EXPECT_TRUE(is_common_word("zoos"));
}

TEST(Nlu, NamesAreFoundByPlaceAndByTheWordList) {
  using nlohmann::json;
  EXPECT_EQ(persons("remind me to send the report to gustavo at 5"), json::array({"gustavo"}));
  EXPECT_EQ(persons("remind me to send the report to finance at 5"), json::array());
  EXPECT_EQ(persons("lunch with mike jim and bob friday"), json::array({"mike", "jim", "bob"}));
  EXPECT_EQ(persons("meeting with Li Wei at 3"), json::array({"Li Wei"}));
  EXPECT_EQ(persons("dinner with Dmitri & Layla at 8"), json::array({"Dmitri", "Layla"}));
  EXPECT_EQ(persons("remind me about pedros charger at 8"), json::array({"pedro"}));
  EXPECT_EQ(persons("add valentine's day to my calendar"), json::array());
  EXPECT_EQ(persons("cancel the SaaS licenses with IT"), json::array());
  // A contraction is no name; an apostrophe inside a name stays.
  EXPECT_EQ(persons("we've used up all the dish soap"), json::array());
  EXPECT_EQ(persons("they'll come to the retro"), json::array());
  EXPECT_EQ(persons("schedule a call with o'brien tomorrow"), json::array({"o'brien"}));
  EXPECT_EQ(persons("lunch with Pedro\u2019s team"), json::array({"Pedro"}));
  // Guests without an event are no change of guests (and read nothing past the end).
  EXPECT_FALSE(understand("add priya and", kNow, "UTC").slots.contains("attendees"));
  EXPECT_FALSE(understand("invite priya and sam", kNow, "UTC").slots.contains("attendees"));
  // The assignee is not also a person met.
  const auto u = understand("new task write the OKRs and assign it to Mei", kNow, "UTC");
  EXPECT_EQ(u.slots["assignee"], "Mei");
  EXPECT_FALSE(u.slots.contains("persons"));
}

TEST(Nlu, ZoneChangesTheInstant) {
  const auto u = understand("remind me tomorrow at 9 am to call the vet", kNow, "America/New_York");
  ASSERT_TRUE(u.time);
  EXPECT_EQ(format_rfc3339(u.time->start), "2026-11-25T14:00:00Z");
}

TEST(Nlu, ClearerUtterancesGetMoreConfidence) {
  const auto clear = understand("please delete the dentist appointment", kNow, "UTC");
  const auto vague = understand("dentist", kNow, "UTC");
  EXPECT_GT(clear.confidence, vague.confidence);
  EXPECT_LE(clear.confidence, 1.0);
  EXPECT_GE(vague.confidence, 0.0);
}

TEST(Nlu, AClockTimeSaidAsANamePointsAtTheItemThen) {
  struct Case {
    std::string text, starts_at, new_start, title;
  };
  const Case cases[] = {
      {"move my 3pm to 4", "2026-11-24T15:00:00Z", "2026-11-24T16:00:00Z", ""},
      {"push my 2 o'clock to 3", "2026-11-24T14:00:00Z", "2026-11-24T15:00:00Z", ""},
      {"move my 3 pm meeting to 4:30", "2026-11-24T15:00:00Z", "2026-11-24T16:30:00Z", "meeting"},
      {"move the call with john from 3 to 4", "2026-11-24T15:00:00Z", "2026-11-24T16:00:00Z",
       "call with john"},
      {"reschedule the sync from 3pm to friday", "2026-11-24T15:00:00Z", "2026-11-27T00:00:00Z",
       "sync"},
  };
  for (const auto& c : cases) {
    const auto u = understand(c.text, kNow, "UTC");
    EXPECT_EQ(u.intent, "update_event") << c.text;
    EXPECT_EQ(u.slots.value("starts_at", ""), c.starts_at) << c.text;
    ASSERT_TRUE(u.time) << c.text;
    EXPECT_EQ(format_rfc3339(u.time->start), c.new_start) << c.text;
    EXPECT_EQ(u.slots.value("title", ""), c.title) << c.text;
  }
  // A time said as the new one names nothing.
  const auto to = understand("move the standup to 3pm", kNow, "UTC");
  EXPECT_FALSE(to.slots.contains("starts_at"));
  EXPECT_EQ(format_rfc3339(to.time->start), "2026-11-24T15:00:00Z");
  // Only the item: asked when it goes.
  const auto only = understand("move my 3pm meeting", kNow, "UTC");
  EXPECT_EQ(only.slots.value("starts_at", ""), "2026-11-24T15:00:00Z");
  EXPECT_FALSE(only.time);
  EXPECT_EQ(only.slots.value("title", ""), "meeting");
  // A deletion's time can only point at the item.
  const auto cancel = understand("cancel my 4:30", kNow, "UTC");
  EXPECT_EQ(cancel.intent, "delete_event");
  EXPECT_EQ(cancel.slots.value("starts_at", ""), "2026-11-24T16:30:00Z");
}

TEST(Nlu, AMoveTakesTheTimeAfterToAndKeepsTheItemsDay) {
  struct Case {
    std::string text, new_start, title;
  };
  const Case cases[] = {
      {"move the yoga class tonight to 7", "2026-11-24T19:00:00Z", "yoga class"},
      {"move the conference call from friday to monday", "2026-11-30T00:00:00Z", "conference call"},
      {"move the dentist from thursday to the 9th", "2026-12-09T00:00:00Z", "dentist"},
      {"bring today's review forward to 11", "2026-11-24T11:00:00Z", "review"},
      {"move my dentist appointment on friday to 3", "2026-11-27T15:00:00Z", "dentist appointment"},
      {"move the haircut to first thing saturday", "2026-11-28T09:00:00Z", "haircut"},
      {"reschedule the vet to a week from friday", "2026-12-04T00:00:00Z", "vet"},
  };
  for (const auto& c : cases) {
    const auto u = understand(c.text, kNow, "UTC");
    EXPECT_EQ(u.intent, "update_event") << c.text;
    ASSERT_TRUE(u.time) << c.text;
    EXPECT_EQ(format_rfc3339(u.time->start), c.new_start) << c.text;
    EXPECT_EQ(u.slots.value("title", ""), c.title) << c.text;
    EXPECT_FALSE(u.slots.contains("shift_minutes")) << c.text;
  }
  // The item's own time, named, keeps lending its day.
  const auto shifted = understand("shift my 10:30 tomorrow to 11:15", kNow, "UTC");
  EXPECT_EQ(shifted.slots.value("starts_at", ""), "2026-11-25T10:30:00Z");
  ASSERT_TRUE(shifted.time);
  EXPECT_EQ(format_rfc3339(shifted.time->start), "2026-11-25T11:15:00Z");
  // "to" that names no time changes nothing.
  const auto room = understand("move the standup tomorrow to room 4", kNow, "UTC");
  ASSERT_TRUE(room.time);
  EXPECT_EQ(format_rfc3339(room.time->start), "2026-11-25T00:00:00Z");
}

TEST(Nlu, TypedChatLabelsQuotesAndQuestionMarks) {
  // A label before a colon says what to make; the verbs after it are the content.
  EXPECT_EQ(intent("todo: update the FAQ with the new pricing"), "create_todo");
  EXPECT_EQ(intent("task for marketing: launch email, urgent"), "create_todo");
  EXPECT_EQ(intent("+todo update LinkedIn profile"), "create_todo");
  EXPECT_EQ(intent("cal add: haircut sat 11am"), "create_event");
  // Words in a quoted title ask for nothing.
  EXPECT_EQ(intent("can you add \"prep slides for the Acme demo\" for tomorrow"), "create_todo");
  // A typed question mark asks, unless the message opens as a request.
  EXPECT_EQ(intent("first meeting tomorrow?"), "list_events");
  EXPECT_EQ(intent("any todos without a due date?"), "list_todos");
  EXPECT_EQ(intent("can we bump the call with Akosua to tomorrow morning?"), "update_event");
  // "assign kofi a task" makes one; "set ... due" changes one; tracker priorities.
  const auto assigned = understand("assign Kofi a task to set up the staging env", kNow, "UTC");
  EXPECT_EQ(assigned.intent, "create_todo");
  EXPECT_EQ(assigned.slots.value("assignee", ""), "Kofi");
  EXPECT_EQ(intent("set the deck task due tomorrow"), "update_todo");
  EXPECT_EQ(intent("set the oil change task to done"), "complete_todo");
  EXPECT_EQ(understand("make JIRA-123 fix login bug p1", kNow, "UTC").slots.value("priority", ""),
            "high");
  // Days on end are an event; "1:1" stays as typed.
  EXPECT_EQ(intent("add trip to Singapore dec 3-7"), "create_event");
  EXPECT_EQ(understand("task: set up a 1:1 agenda doc", kNow, "UTC").slots.value("title", ""),
            "set up a 1:1 agenda doc");
}

TEST(Nlu, LongTailWordingsOfRoundEight) {
  // Told of one thing at its time is a reminder; told of many now is a question.
  EXPECT_EQ(intent("let me know of the dentist appointment on friday"), "create_reminder");
  EXPECT_EQ(intent("inform me of my upcoming appointments"), "list_events");
  EXPECT_EQ(intent("tell me about the dentist appointment on friday"), "list_events");
  EXPECT_EQ(intent("when the kettle boils tell me to call nan"), "create_reminder");
  EXPECT_EQ(intent("remind me when the concert is"), "list_events");
  EXPECT_EQ(intent("i keep forgetting to water the plants on sundays"), "create_reminder");
  EXPECT_EQ(intent("warn me the night before the bins go out"), "create_reminder");
  // The assistant's name after a greeting is no part of the title.
  const auto alarm = understand("hey jarvis remind me to stretch at 4", kNow, "UTC");
  EXPECT_EQ(alarm.intent, "create_reminder");
  EXPECT_EQ(alarm.slots.value("title", ""), "stretch");
  // Emptying, skipping, calling off.
  EXPECT_EQ(intent("make sure my diary is totally clear on saturday"), "delete_event");
  EXPECT_EQ(intent("make sure i call the bank at 3"), "create_reminder");
  EXPECT_EQ(intent("blank out thursday"), "delete_event");
  EXPECT_EQ(intent("axe the four o clock"), "delete_event");
  EXPECT_EQ(intent("skip the gym session tomorrow"), "delete_event");
  EXPECT_EQ(intent("no standups on friday the team is away"), "delete_event");
  EXPECT_EQ(intent("end the planning series"), "delete_event");
  EXPECT_EQ(intent("we won't be doing easter at grandma's so delete it"), "delete_event");
  // A change told as news; holidays are events.
  EXPECT_EQ(intent("the team lunch is moving to the thai place"), "update_event");
  EXPECT_EQ(intent("snooze the medication reminder until ten"), "update_event");
  EXPECT_EQ(intent("add diwali at my parents on saturday"), "create_event");
  EXPECT_EQ(intent("any clashes on thursday"), "list_events");
  // Lists and alarms (set o).
  EXPECT_EQ(intent("remove the hammer from the birthday wish list"), "delete_todo");
  EXPECT_EQ(intent("remind me saturday to do everything on my errands list"), "create_reminder");
  EXPECT_EQ(intent("will my alarm go off on the holiday"), "list_events");
  EXPECT_EQ(intent("jarvis is my alarm still set"), "list_events");
  EXPECT_EQ(intent("alarm status"), "list_events");
  EXPECT_EQ(intent("deactivate my weekend alarms"), "delete_event");
  const auto invite = understand("could you invite the new hire Amara to the standup", kNow, "UTC");
  EXPECT_EQ(invite.intent, "update_event");
  EXPECT_EQ(invite.slots.value("attendees", ""), "add");
}

TEST(Nlu, NamesByWhoseOccasionAndWhoActsNext) {
  using nlohmann::json;
  EXPECT_EQ(persons("yuki's graduation is on may thirtieth"), json::array({"yuki"}));
  EXPECT_EQ(persons("ewan and katie's wedding got called off"), json::array({"ewan", "katie"}));
  EXPECT_EQ(persons("remind me to wish hannah happy birthday at midnight"),
            json::array({"hannah"}));
  EXPECT_EQ(persons("remind me at three to collect aarav from school"), json::array({"aarav"}));
  EXPECT_EQ(persons("extend the review so yusuf can present"), json::array({"yusuf"}));
  EXPECT_EQ(persons("where am i meeting the architect bronwyn on monday"),
            json::array({"bronwyn"}));
  EXPECT_EQ(persons("show my appointments for december"), json::array());
  EXPECT_EQ(persons("put netball training on the calendar for tuesday"), json::array());
}

TEST(Nlu, LongTailWordingsOfRoundNine) {
  // Medicine is taken, nothing is taken off.
  const auto pills = understand("remind me to take my pills at eight", kNow, "UTC");
  EXPECT_EQ(pills.intent, "create_reminder");
  EXPECT_EQ(pills.slots.value("title", ""), "take my pills");
  const auto vet = understand("let me know at six that it's time to call the vet", kNow, "UTC");
  EXPECT_EQ(vet.intent, "create_reminder");
  EXPECT_EQ(vet.slots.value("title", ""), "call the vet");
  // Questions about the past and about who comes.
  EXPECT_EQ(intent("who else is invited to the board dinner"), "list_events");
  EXPECT_EQ(intent("which alarm did i set for saturday"), "list_events");
  EXPECT_EQ(intent("did i tick off the car insurance"), "list_todos");
  EXPECT_EQ(intent("any alarms for the weekend"), "list_events");
  EXPECT_EQ(intent("list my meetings for next week"), "list_events");
  // Learners' English and spoken lead-ins.
  EXPECT_EQ(intent("kindly do the needful and cancel my call with the bank"), "delete_event");
  EXPECT_EQ(intent("i gotta remember to renew my passport next month"), "create_reminder");
  EXPECT_EQ(intent("remember that i have jury service on the ninth"), "create_event");
  const auto up = understand("make sure i'm up by seven", kNow, "UTC");
  EXPECT_EQ(up.intent, "create_reminder");
  ASSERT_TRUE(up.time.has_value());  // seven in the morning, as for an alarm
  EXPECT_EQ(format_rfc3339(up.time->start), "2026-11-25T07:00:00Z");
  // An item said first, then the list it goes on; a day as the place an event goes.
  EXPECT_EQ(intent("coffee beans on the shopping list"), "create_todo");
  EXPECT_EQ(intent("items on my shopping list"), "list_todos");
  EXPECT_EQ(intent("what's on the shopping list"), "list_todos");
  const auto pottery = understand("put the pottery class into my thursday evening", kNow, "UTC");
  EXPECT_EQ(pottery.intent, "create_event");
  EXPECT_EQ(pottery.slots.value("title", ""), "pottery class");
  EXPECT_EQ(intent("start a packing list for the weekend when dad arrives"), "create_todo");
  // Fragments (set s): the list first, then its item; an ordinal asks; a day with someone.
  EXPECT_EQ(intent("wake six fifteen"), "create_reminder");
  EXPECT_EQ(intent("grocery list bananas"), "create_todo");
  EXPECT_EQ(intent("grocery list"), "list_todos");
  EXPECT_EQ(intent("last appointment on friday"), "list_events");
  EXPECT_EQ(intent("anniversary dinner march ninth on calendar"), "create_event");
  EXPECT_EQ(intent("my week ahead"), "list_events");
  const auto lunch = understand("lunch with ngozi thursday add", kNow, "UTC");
  EXPECT_EQ(lunch.intent, "create_event");
  EXPECT_EQ(lunch.slots.value("title", ""), "lunch with ngozi");
  // Situations told (set t): a visit is no look at the calendar, news of a booking or a
  // cancellation is acted on, the reason before "so" is no request.
  EXPECT_EQ(intent("the plumber is coming to look at the sink on friday at ten"), "create_event");
  EXPECT_EQ(intent("i'd like to look at my calendar for friday"), "list_events");
  EXPECT_EQ(intent("i've booked a table at nopi for saturday at eight"), "create_event");
  EXPECT_EQ(intent("lina invited us to a barbecue next saturday at two"), "create_event");
  EXPECT_EQ(intent("i fixed the fence on saturday"), "complete_todo");
  EXPECT_EQ(intent("leo's swimming lesson was called off"), "delete_event");
  EXPECT_EQ(intent("was the swimming lesson called off"), "list_events");
  EXPECT_EQ(intent("we have no more coffee"), "create_todo");
  EXPECT_EQ(intent("i forgot what i put on the hardware list"), "list_todos");
  EXPECT_EQ(intent("the kids are off school tomorrow so i won't need the alarm"), "delete_event");
  EXPECT_EQ(intent("i already sent the invoice so delete that reminder"), "delete_event");
  EXPECT_EQ(intent("i promised ana i'd help her paint on sunday afternoon"), "create_event");
  EXPECT_EQ(intent("monday schedule"), "list_events");
  EXPECT_EQ(intent("schedule it for monday"), "create_event");
  // A speaker who corrects themself means what follows.
  EXPECT_EQ(intent("set an alarm for six no wait cancel my alarm"), "delete_event");
  const auto milk = understand("add milk i mean remind me to buy milk at five", kNow, "UTC");
  EXPECT_EQ(milk.intent, "create_reminder");
  EXPECT_EQ(milk.slots.value("title", ""), "buy milk");
  EXPECT_EQ(intent("add milk to the list no not oat milk"), "create_todo");
}

TEST(Nlu, LongTailWordingsOfRoundTen) {
  // News asked for later is a reminder; a calendar updated with something new gets it.
  const auto posted = understand("keep me posted on the match every hour", kNow, "UTC");
  EXPECT_EQ(posted.intent, "create_reminder");
  EXPECT_EQ(posted.slots.value("rrule", ""), "FREQ=HOURLY");
  EXPECT_EQ(intent("update my diary with dinner with leo on friday at eight"), "create_event");
  EXPECT_EQ(title("update my diary with dinner with leo on friday at eight"), "dinner with leo");
  EXPECT_EQ(intent("update my calendar with the new time for the dentist"), "update_event");
  EXPECT_EQ(intent("schedule"), "list_events");
  // A question that leads up to the request, or is dropped for it.
  EXPECT_EQ(intent("whats on friday i need to cancel the standup"), "delete_event");
  EXPECT_EQ(title("whats on friday i need to cancel the standup"), "standup");
  EXPECT_EQ(intent("what time is my flight tomorrow i need to pack"), "list_events");
  EXPECT_EQ(intent("what's the weather like anyway set an alarm for seven"), "create_reminder");
  EXPECT_EQ(intent("is my alarm set for five if so get rid of it"), "delete_event");
  EXPECT_EQ(intent("morning how are you could you add milk to the shopping list"), "create_todo");
  EXPECT_EQ(title("morning how are you could you add milk to the shopping list"), "milk");
  EXPECT_EQ(intent("if i'm free saturday morning put in a haircut at ten"), "create_event");
  EXPECT_EQ(title("if i'm free saturday morning put in a haircut at ten"), "haircut");
  // A reason before "so" is not the request's title.
  EXPECT_EQ(intent("sam is ill so no football alarm on saturday"), "delete_event");
  EXPECT_EQ(title("sam is ill so no football alarm on saturday"), "football alarm");
  EXPECT_EQ(intent("i paid the gas bill so you can delete that reminder"), "delete_event");
  // Alarms: stopped, asked about, snoozed; a nap taken, a trial free.
  EXPECT_EQ(intent("silence my alarm"), "delete_event");
  EXPECT_EQ(intent("turn of the alarm for tomorrow"), "delete_event");
  EXPECT_EQ(intent("which alarms do i have on sunday"), "list_events");
  EXPECT_EQ(intent("how many hours until my alarm"), "list_events");
  EXPECT_EQ(intent("snooze it for ten minutes"), "update_event");
  EXPECT_EQ(intent("i want to take a quick nap wake me in twenty minutes"), "create_reminder");
  EXPECT_EQ(intent("remind me to cancel the free trial on the twentieth"), "create_reminder");
  EXPECT_EQ(intent("unadd the butter"), "delete_todo");
  EXPECT_EQ(intent("i'd like the reminder for the bins taken away"), "delete_event");
  EXPECT_EQ(intent("my alarm is set for what hour"), "list_events");
  // Set w: speakers of every kind.
  EXPECT_EQ(intent("please make a remember for me to call the bank on monday"), "create_reminder");
  EXPECT_EQ(intent("would you mind taking the milk off my shopping list"), "delete_todo");
  EXPECT_EQ(intent("i'm taking a nap wake me in an hour"), "create_reminder");
  EXPECT_EQ(intent("are the batteries on my list or not"), "list_todos");
  EXPECT_EQ(intent("wait is the maths exam tomorrow"), "list_events");
  EXPECT_EQ(intent("list everything i have on monday"), "list_events");
  EXPECT_EQ(intent("list my lists"), "list_todos");
  EXPECT_EQ(intent("is there a dentist thing friday afternoon"), "list_events");
  EXPECT_EQ(intent("who's in the four o'clock standup"), "list_events");
  EXPECT_EQ(intent("clear my thursday morning i have to drive to leeds"), "delete_event");
  EXPECT_EQ(intent("drop the quiz with omar into my calendar for friday at eight"), "create_event");
  EXPECT_EQ(intent("drop the quiz from my calendar"), "delete_event");
  // Small talk's topics and occasions' names stay in the title.
  EXPECT_EQ(title("remind me about the football score at nine"), "football score");
  EXPECT_EQ(title("add parents evening on thursday at six"), "parents evening");
  // Names by what the person does or is given.
  EXPECT_EQ(persons("add the zoo on sunday because ella and finn want to go"),
            nlohmann::json({"ella", "finn"}));
  EXPECT_EQ(persons("make isabella a birthday list"), nlohmann::json({"isabella"}));
  EXPECT_EQ(persons("the nap alarm for baby amara can go"), nlohmann::json({"amara"}));
  EXPECT_EQ(persons("remind me to buy colours the day before"), nlohmann::json::array());
  EXPECT_EQ(persons("lunch with mister tan on friday"), nlohmann::json({"tan"}));
  EXPECT_EQ(persons("set an alarm for six i'm driving ines to the station"),
            nlohmann::json({"ines"}));
}

TEST(Nlu, LongTailWordingsOfRoundEleven) {
  // A statement ended by "now", an opener and "turn ... off": the alarm goes.
  EXPECT_EQ(intent("anyway i'm awake now just turn the alarm off"), "delete_event");
  EXPECT_EQ(intent("i'm home now cancel the reminder"), "delete_event");
  EXPECT_EQ(intent("i don't have to get up early tomorrow"), "delete_event");
  // "make it" after a correction changes what the first request asked for.
  EXPECT_EQ(intent("add carrots to the list actually no make it potatoes"), "create_todo");
  EXPECT_EQ(title("add carrots to the list actually no make it potatoes"), "potatoes");
  const auto six = understand("remind me at five to call bob no wait make it six pm", kNow, "UTC");
  EXPECT_EQ(six.intent, "create_reminder");
  EXPECT_EQ(six.slots.value("title", ""), "call bob");
  EXPECT_EQ(to_json(six)["time"]["start"], "2026-11-24T18:00:00Z");
  // Said to the assistant, "remember" asks for a reminder (unless the list is named).
  EXPECT_EQ(intent("please remember that the rent is due on the twenty eighth"), "create_reminder");
  EXPECT_EQ(intent("remember to get light bulbs put it on my list"), "create_todo");
  EXPECT_EQ(intent("nag me to do my taxes this weekend"), "create_reminder");
  // Stock running low goes on the list; plenty of it comes off.
  EXPECT_EQ(intent("the dishwasher tablets are running low"), "create_todo");
  EXPECT_EQ(intent("we've got plenty of rice now"), "delete_todo");
  // The day's plan asked for in other words.
  EXPECT_EQ(intent("what's on my plate tomorrow"), "list_events");
  EXPECT_EQ(intent("good morning what's lined up for today"), "list_events");
  EXPECT_EQ(intent("what's the earliest thing i have tomorrow"), "list_events");
  EXPECT_EQ(intent("who's in the three o'clock"), "list_events");
  EXPECT_EQ(intent("walk me through next week"), "list_events");
  EXPECT_EQ(intent("books to read list add dune"), "create_todo");
  // A recurrence with how long it runs; the speaker having it is no part of its title.
  const auto physio = understand(
      "i've got physio every wednesday at half past five for the next six weeks", kNow, "UTC");
  EXPECT_EQ(physio.intent, "create_event");
  EXPECT_EQ(physio.slots.value("title", ""), "physio");
  EXPECT_EQ(physio.slots.value("rrule", ""), "FREQ=WEEKLY;BYDAY=WE;UNTIL=20270106T172959Z");
  // Sets ac, ad and ae: requests asked politely, questions said as doubts, other verbs.
  EXPECT_EQ(intent("would you mind cancelling my meeting with pedro"), "delete_event");
  EXPECT_EQ(intent("is it ok to delete the recurring standup"), "delete_event");
  EXPECT_EQ(intent("i can't remember if i set an alarm"), "list_events");
  EXPECT_EQ(intent("i wonder if you could remind me to call mum at eight"), "create_reminder");
  EXPECT_EQ(intent("when's the rent due"), "list_events");
  EXPECT_EQ(intent("when does the school term finish"), "list_events");
  EXPECT_EQ(intent("unbook me from the yoga class on monday"), "delete_event");
  EXPECT_EQ(intent("let's knock the book club on the head this month"), "delete_event");
  EXPECT_EQ(intent("reserve the twenty first for moving day"), "create_event");
  EXPECT_EQ(intent("reminder to cancel the gym trial before the thirtieth"), "create_reminder");
  EXPECT_EQ(intent("can you add the school nativity play on december tenth at two pm"),
            "create_event");
  EXPECT_EQ(intent("i see siobhan for physio every other wednesday at two"), "create_event");
  EXPECT_EQ(intent("make time on saturday to help freddie move house"), "create_event");
  EXPECT_EQ(intent("fix up a viewing of the flat with the agent paulo for saturday at eleven"),
            "create_event");
  EXPECT_EQ(intent("hey google calendar dentist next wednesday"), "create_event");
  EXPECT_EQ(intent("calendar meetings tomorrow"), "list_events");
  EXPECT_EQ(intent("remind me when the new season drops"), "create_reminder");
  EXPECT_EQ(intent("remind me when the concert is"), "list_events");
  EXPECT_EQ(title("add morning run to my todos"), "morning run");
  // Sets af, ag and ah: short fragments, a time alone, situations told.
  EXPECT_EQ(intent("tomorrow"), "list_events");
  EXPECT_EQ(intent("weekend plans"), "list_events");
  EXPECT_EQ(intent("hey alexa what's today"), "list_events");
  EXPECT_EQ(intent("lucas meeting time"), "list_events");
  EXPECT_EQ(intent("dentist appointment details"), "list_events");
  EXPECT_EQ(intent("lemons"), "create_todo");
  EXPECT_EQ(intent("onions and garlic"), "create_todo");
  EXPECT_EQ(intent("shopping list eggs"), "create_todo");
  EXPECT_EQ(intent("is milk on it"), "list_todos");
  EXPECT_EQ(intent("what do i need"), "list_todos");
  EXPECT_EQ(intent("pick up the kids at three thirty"), "create_event");
  EXPECT_EQ(intent("alarm for tonight at eleven to take the bins out"), "create_reminder");
  EXPECT_TRUE(
      intent("i need to take my blood pressure pills every night at nine").starts_with("create_"));
  EXPECT_EQ(intent("take it out of the list"), "delete_todo");
  EXPECT_EQ(intent("the midnight alarm can go"), "delete_event");
  EXPECT_EQ(intent("rent is due first of every month"), "create_reminder");
  EXPECT_EQ(intent("which of my todos are due this week"), "list_todos");
  EXPECT_EQ(intent("there's hardly any dog food left"), "create_todo");
  EXPECT_EQ(intent("we've got loads of rice left"), "delete_todo");
  EXPECT_EQ(intent("dinner with gabriel fell through"), "delete_event");
  EXPECT_EQ(intent("tomorrow's a bank holiday so i can sleep in"), "delete_event");
  EXPECT_EQ(intent("i'm not sure what i've got on next week"), "list_events");
  EXPECT_EQ(intent("the electrician is booked for monday afternoon"), "create_event");
  EXPECT_EQ(intent("i already took the bins out so forget that reminder"), "delete_event");
  EXPECT_EQ(intent("add milk no wait i meant remind me to buy milk at five"), "create_reminder");
  EXPECT_EQ(title("there is a bake sale on saturday"), "bake sale");
  EXPECT_EQ(title("i need to be at the school at three"), "school");
  // Names after "message" and "congratulate"; a possessive's thing is no one.
  EXPECT_EQ(persons("remind me to message yuki happy birthday"), nlohmann::json({"yuki"}));
  EXPECT_EQ(persons("dinner at elena's house on friday"), nlohmann::json({"elena"}));
}

TEST(Nlu, LongTailWordingsOfRoundTwelve) {
  using nlohmann::json;
  // A thing put on a day is an event; a task, a list or a deadline keeps it a todo.
  EXPECT_EQ(intent("add noor's leaving drinks on friday"), "create_event");
  EXPECT_EQ(intent("stick the water rates payment on the twelfth"), "create_event");
  EXPECT_EQ(intent("add buy milk to my list for tomorrow"), "create_todo");
  EXPECT_EQ(intent("add the tax return by friday"), "create_todo");
  EXPECT_EQ(intent("can you add \"prep slides\" for tomorrow"), "create_todo");
  // The calendar marked, shown or asked to have something.
  EXPECT_EQ(intent("mark the school fete on my calendar"), "create_event");
  EXPECT_EQ(intent("mark april second holiday"), "create_event");
  EXPECT_EQ(intent("mark friday's report as done"), "complete_todo");
  EXPECT_EQ(intent("i want my calendar to show the half marathon on may third"), "create_event");
  EXPECT_EQ(intent("i want an alarm at six to feed the cat"), "create_reminder");
  EXPECT_EQ(intent("ring at five thirty in the morning"), "create_reminder");
  EXPECT_EQ(intent("my alarm should go off at seven every weekday can you set that"),
            "create_reminder");
  // A list for an occasion is made; a list for a day is read.
  EXPECT_EQ(intent("list for the picnic"), "create_todo");
  EXPECT_TRUE(intent("list for today").starts_with("list_"));
  // Said without a command.
  EXPECT_EQ(intent("i'd love to not forget dad's birthday this year"), "create_reminder");
  EXPECT_EQ(intent("i'm supposed to phone the bank on the ninth"), "create_reminder");
  EXPECT_EQ(intent("the optician is it at two or half two"), "list_events");
  EXPECT_EQ(intent("everything on friday can go i'm off sick"), "delete_event");
  EXPECT_EQ(intent("the piano lesson isn't on anymore"), "delete_event");
  EXPECT_EQ(intent("i want my alarm off on saturday"), "delete_event");
  EXPECT_EQ(intent("the washing powder is nearly gone"), "create_todo");
  EXPECT_EQ(intent("i just remembered we need foil"), "create_todo");
  EXPECT_EQ(intent("two pints of milk and a loaf of bread"), "create_todo");
  EXPECT_EQ(intent("i'd rather not have crisps on the list"), "delete_todo");
  // Work handed to someone is their todo.
  const auto dmitri =
      understand("get dmitri to look into the rounding bug by thursday", kNow, "UTC");
  EXPECT_EQ(dmitri.intent, "create_todo");
  EXPECT_EQ(dmitri.slots.value("assignee", ""), "dmitri");
  EXPECT_EQ(dmitri.slots.value("title", ""), "look into the rounding bug");
  EXPECT_EQ(intent("ask tom to send the deck by friday"), "create_todo");
  EXPECT_EQ(intent("give emeka a task to update the pricing sheet"), "create_todo");
  EXPECT_EQ(title("give emeka a task to update the pricing sheet"), "update the pricing sheet");
  EXPECT_EQ(intent("todo - chase the overdue invoices"), "create_todo");
  EXPECT_EQ(intent("what is dmitri working on"), "list_todos");
  EXPECT_EQ(intent("make blank on july third"), "delete_event");
  EXPECT_EQ(intent("is the seven am alarm still on"), "list_events");
  EXPECT_EQ(intent("the school holiday starts on the twentieth mark it please"), "create_event");
  EXPECT_EQ(intent("list all my meetings of the day"), "list_events");
  // Questions: tags, "how soon", "what's up for", "who's the ... with", "send me the link".
  EXPECT_EQ(intent("nothing on saturday right"), "list_events");
  EXPECT_EQ(intent("i don't have any appointments on friday do i"), "list_events");
  EXPECT_EQ(intent("i have nothing on friday do i"), "list_events");
  EXPECT_EQ(intent("how soon is the school trip"), "list_events");
  EXPECT_EQ(intent("what's up for saturday"), "list_events");
  EXPECT_EQ(intent("who's the four o'clock with"), "list_events");
  EXPECT_EQ(intent("send me the link for my ten o'clock call"), "list_events");
  EXPECT_EQ(intent("change the location of the standup to room 5"), "update_event");
  // Alarms: asked for a day, given, no longer needed.
  EXPECT_EQ(intent("alarm saturday"), "list_events");
  EXPECT_EQ(intent("alarm six am"), "create_reminder");
  EXPECT_EQ(intent("give me an alarm in ten minutes"), "create_reminder");
  EXPECT_EQ(intent("how early is my alarm on monday"), "list_events");
  EXPECT_EQ(intent("i won't be needing the wake up call at six"), "delete_event");
  // Speech: "remainder" heard for "reminder", the bins taken out as a chore, a filler before
  // the assistant's name.
  EXPECT_EQ(intent("siri delete my remainder to water the plants"), "delete_event");
  EXPECT_EQ(intent("reminder take out the bins thursday night"), "create_reminder");
  EXPECT_EQ(persons("um alexa set an alarm for seven"), json::array());
  // A coming day's duties are its plan; today's, or those still open, are the tasks.
  EXPECT_EQ(intent("what do i have to do on thursday"), "list_events");
  EXPECT_EQ(intent("what do i have to do today"), "list_todos");
  EXPECT_EQ(intent("what do i still have to do on thursday"), "list_todos");
  EXPECT_EQ(intent("what do i have to do on thursday on my list"), "list_todos");
  // Names after "of" and before "house", not amounts or weekdays; a command word after
  // "with" can be a name.
  EXPECT_EQ(persons("lunch with mark on friday"), json::array({"mark"}));
  EXPECT_EQ(persons("put a reminder before my wifes birthday"), json::array());
  EXPECT_EQ(persons("tell me if rafael birthday is this month"), json::array({"rafael"}));
  EXPECT_EQ(persons("a client from germany is visiting on monday"), json::array());
  EXPECT_EQ(persons("tell me when my flight to lisbon leaves"), json::array());
  EXPECT_EQ(persons("remind me to send the slides to fatima"), json::array({"fatima"}));
  EXPECT_EQ(persons("add the wedding of fatima on the second"), json::array({"fatima"}));
  EXPECT_EQ(persons("add a packet of dal to the list"), json::array());
  EXPECT_EQ(persons("diwali party at sunita house on saturday"), json::array({"sunita"}));
  EXPECT_EQ(persons("move the check in with kofi to wednesdays"), json::array({"kofi"}));
}

TEST(Nlu, NamesOfWhoDidSomethingNotOfWhatGoesOnAList) {
  using nlohmann::json;
  EXPECT_EQ(persons("add halloumi and quinoa to the deli list"), json::array());
  EXPECT_EQ(persons("put aunty rosa on the christmas card list"), json::array({"rosa"}));
  EXPECT_EQ(persons("add priya and tomasz to the guest list"), json::array({"priya", "tomasz"}));
  EXPECT_EQ(persons("emeka already bought the bread so take it off the list"),
            json::array({"emeka"}));
  EXPECT_EQ(persons("delete the reminder that obinna set"), json::array({"obinna"}));
  EXPECT_EQ(persons("remind me to drive ines to the station"), json::array({"ines"}));
  EXPECT_EQ(persons("my daughter zara has a recital on friday"), json::array({"zara"}));
  EXPECT_EQ(persons("tom's party is on saturday"), json::array({"tom"}));
  EXPECT_EQ(persons("when is ravi and mei's housewarming"), json::array({"ravi", "mei"}));
  EXPECT_EQ(persons("remind me about paying dmitri back"), json::array({"dmitri"}));
  EXPECT_EQ(persons("olly set an alarm for six"), json::array());  // the assistant's name
  EXPECT_EQ(persons("kwame cancelled our lunch on friday"), json::array({"kwame"}));
  EXPECT_EQ(persons("add bongani to the list of guests"), json::array({"bongani"}));
  EXPECT_EQ(persons("my wife ngozi has a check up on friday"), json::array({"ngozi"}));
  EXPECT_EQ(persons("ben can't make the quiz tonight"), json::array({"ben"}));
}

TEST(Nlu, ScopeSaysOneOccurrenceOrTheSeries) {
  const auto scope = [](const char* text) {
    return understand(text, kNow, "UTC").slots.value("scope", "");
  };
  EXPECT_EQ(scope("cancel monday's standup"), "occurrence");
  EXPECT_EQ(scope("cancel today's daily sync"), "occurrence");
  EXPECT_EQ(scope("drop the next planning meeting"), "occurrence");
  EXPECT_EQ(scope("just this once start the weekly review at 4:30 instead of 4"), "occurrence");
  EXPECT_EQ(scope("cancel the standup for good"), "series");
  EXPECT_EQ(scope("move all the standups to 9:30"), "series");
  EXPECT_EQ(scope("make the sync biweekly"), "series");
  EXPECT_EQ(scope("the retro should be every other friday from now on"), "series");
  EXPECT_EQ(scope("delete the weekly reminder to back up my laptop"), "");  // asked
  // The words that say it leave the title; a move keeps the day of the item meant.
  const auto skip = understand("skip standup just this once", kNow, "UTC");
  EXPECT_EQ(skip.slots.value("title", ""), "standup");
  const auto move = understand("move monday's standup to wednesday", kNow, "UTC");
  EXPECT_EQ(move.intent, "update_event");
  EXPECT_EQ(move.slots.value("occurs_on", ""), "2026-11-30T00:00:00Z");
  EXPECT_EQ(move.slots.value("scope", ""), "occurrence");
  ASSERT_TRUE(move.time);
  EXPECT_EQ(format_rfc3339(move.time->start), "2026-11-25T00:00:00Z");
}

TEST(Nlu, CapitalsNameCompaniesProductsAndPlacesToo) {
  using nlohmann::json;
  EXPECT_EQ(persons("schedule a 30 min call w/ Acme Corp thu at 10"), json::array());
  EXPECT_EQ(persons("remind me to pack for the Lisbon trip"), json::array());
  EXPECT_EQ(persons("put a 2 hr block on wed morning for Jira cleanup"), json::array());
  EXPECT_EQ(persons("launch email for Black Friday"), json::array());
  EXPECT_EQ(persons("Add \"Figma handoff\" to the calendar for monday 2pm"), json::array());
  EXPECT_EQ(persons("remind me to ask Kenji for the Figma link"), json::array({"Kenji"}));
  EXPECT_EQ(persons("remind me to call @Priya about the contract"), json::array({"Priya"}));
  EXPECT_EQ(persons("don't let me forget to send priya the slides"), json::array({"priya"}));
  EXPECT_EQ(persons("i sent the NDA to Lukas, you can mark it done"), json::array({"Lukas"}));
  EXPECT_EQ(persons("is the team lunch for bogdan still on thursday"), json::array({"bogdan"}));
  EXPECT_EQ(persons("remind me to feed the neighbour's cat"), json::array());
}

TEST(Nlu, AWhenClauseWithoutATimeIsTheReminderCondition) {
  const auto home = understand("remind me when i get home to water the plants", kNow, "UTC");
  EXPECT_EQ(home.intent, "create_reminder");
  EXPECT_EQ(home.slots.value("condition", ""), "when i get home");
  EXPECT_EQ(home.slots.value("title", ""), "water the plants");
  EXPECT_FALSE(home.time);
  const auto work = understand("remind me when i get to work to call sven", kNow, "UTC");
  EXPECT_EQ(work.slots.value("condition", ""), "when i get to work");
  EXPECT_EQ(work.slots.value("title", ""), "call sven");
  // A time said makes the clause no condition.
  const auto timed = understand("remind me at 6 when i get home to water the plants", kNow, "UTC");
  EXPECT_FALSE(timed.slots.contains("condition"));
}

TEST(Nlu, CommandVerbOfAnotherActionStaysInTitle) {
  const auto u = understand("add a task to finish the report", kNow, "UTC");
  EXPECT_EQ(u.intent, "create_todo");
  EXPECT_EQ(u.slots["title"], "finish the report");
}

TEST(Nlu, TimeWordsAreNotLocations) {
  const auto u = understand("meet at 3 at the office", kNow, "UTC");
  EXPECT_EQ(u.slots.value("location", ""), "office");
  const auto v = understand("schedule a call in the morning", kNow, "UTC");
  EXPECT_FALSE(v.slots.contains("location"));
}

TEST(Nlu, OddInputNeverCrashes) {
  const std::string cases[] = {
      "",
      " ",
      "\xff\xfe\xfd",
      "remind me to \xc3\x28 tomorrow",
      std::string(1 << 20, 'a'),
      std::string(100000, ' ') + "remind me",
      std::string("add\0milk", 8),
      "with with with with and and",
      "at at at the the in in",
      "assign to",
      "the last",
      "number",
      "'''---'''",
      "\xE2\x80\x99s",
  };
  for (const auto& text : cases) {
    const auto u = understand(text, kNow, "UTC");
    EXPECT_FALSE(u.intent.empty());
    EXPECT_NO_THROW((void)to_json(u).dump()) << text.substr(0, 40);
  }
}

TEST(Nlu, InvalidUtf8InSlotsIsReplaced) {
  const auto u = understand("add caf\xe9 beans to my list", kNow, "UTC");
  EXPECT_EQ(u.intent, "create_todo");
  EXPECT_NO_THROW((void)to_json(u).dump());
  EXPECT_EQ(u.slots["title"], "caf\xEF\xBF\xBD beans");
  // A name ending in "s" before a closing quote keeps the whole quote (found by nlu_fuzz).
  const auto quoted = understand("move lass\xE2\x80\x99 to friday", kNow, "UTC");
  EXPECT_NO_THROW((void)to_json(quoted).dump());
}

TEST(Nlu, UnknownZoneThrows) {
  EXPECT_THROW((void)understand("tomorrow", kNow, "Mars/Olympus"), std::invalid_argument);
}

}  // namespace
}  // namespace convonet::assistant::nlu
