// The dialogue end to end over a real (SQLite) store and the real tool registry: slot filling,
// confirmation, context ("it", "the second one", "cancel that"), persistence and ownership.
#include "assistant/dialogue/dialogue.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "assistant/llm/fake_openai.hpp"
#include "assistant/llm/planner.hpp"
#include "assistant/tools/productivity_world.hpp"
#include "store/conversations.hpp"
#include "store/repositories.hpp"

namespace convonet::assistant::dialogue {
namespace {

using nlohmann::json;

class DialogueTest : public testing::WorldTest {
 protected:
  void SetUp() override {
    user_ = add_user("ana@example.com", "Ana Lopez", "Europe/London");
    dialogue_.emplace(*db_, tools_, clock_);
  }

  store::Id add_user(const std::string& email, const std::string& name, const std::string& tz) {
    return world_.add_user(email, name, tz);
  }

  store::Id add_team_with(const std::string& team_name, const std::string& member_email,
                          store::Role role) {
    auto team = teams_->create(Principal{user_, {}}, team_name);
    EXPECT_TRUE(team);
    EXPECT_TRUE(teams_->add_member(Principal{user_, {}}, team->team.id, member_email, role));
    return team->team.id;
  }

  TurnOutput say(const std::string& text, store::Id user = 0) {
    auto out =
        dialogue_->respond(Principal{user == 0 ? user_ : user, {}}, TurnInput{text, {}, "text"});
    EXPECT_TRUE(out) << text << ": " << (out ? "" : out.error().message);
    if (!out) return {};
    return std::move(*out);
  }

  std::vector<store::Todo> todos(bool done = false) {
    productivity::TodoQuery q;
    q.done = done;
    return todos_->list(Principal{user_, {}}, q)->items;
  }

  std::vector<store::Event> events() {
    return db_
        ->transact(store::TxMode::read,
                   [&](store::Session& s) -> Result<std::vector<store::Event>> {
                     std::vector<store::Event> all;
                     for (auto& row : s.query("SELECT id FROM events ORDER BY id")) {
                       all.push_back(*store::events::by_id(s, row.integer(0)));
                     }
                     return all;
                   })
        .value();
  }

  // The cancelled occurrences of the only event there is.
  std::vector<std::string> cancelled_occurrences() {
    const auto all = events();
    EXPECT_EQ(all.size(), 1u);
    std::vector<std::string> starts;
    if (all.size() == 1) {
      for (const auto t : all[0].exdates) starts.push_back(format_rfc3339(t));
    }
    return starts;
  }

  std::optional<Dialogue> dialogue_;
  store::Id user_ = 0;
};

TEST_F(DialogueTest, AReminderIsATodoAndAnEventInTheUsersZone) {
  auto out = say("Create a reminder to follow up with John tomorrow at 2 PM");
  ASSERT_EQ(out.actions.size(), 1u);
  EXPECT_EQ(out.actions[0].tool, "create_reminder");
  EXPECT_FALSE(out.awaiting);
  EXPECT_NE(out.reply.find("tomorrow at 2 PM"), std::string::npos) << out.reply;
  ASSERT_EQ(todos().size(), 1u);
  ASSERT_EQ(events().size(), 1u);
  EXPECT_EQ(todos()[0].event_id, events()[0].id);
  EXPECT_EQ(format_rfc3339(events()[0].start), "2026-11-25T14:00:00Z");
}

// Repeating events: one occurrence or the whole series.
TEST_F(DialogueTest, OneOccurrenceOfARepeatingEventIsCancelledAlone) {
  EXPECT_EQ(say("schedule standup every monday at 9am").reply,
            "Okay, standup is on your calendar every Monday at 9 AM, from Monday.");
  ASSERT_EQ(events().size(), 1u);
  auto ask = say("cancel monday's standup");
  EXPECT_EQ(ask.awaiting, "confirmation");
  EXPECT_NE(ask.reply.find("The rest of the series stays"), std::string::npos) << ask.reply;
  auto done = say("yes");
  ASSERT_EQ(done.actions.size(), 1u);
  EXPECT_EQ(done.actions[0].tool, "delete_event");
  EXPECT_EQ(done.actions[0].input["occurrence_start"], "2026-11-30T09:00:00Z");
  EXPECT_EQ(cancelled_occurrences(), std::vector<std::string>{"2026-11-30T09:00:00Z"});
}

TEST_F(DialogueTest, ARepeatingEventAsksWhetherOneOrAll) {
  say("schedule standup every monday at 9am");
  auto ask = say("cancel the standup");
  EXPECT_EQ(ask.awaiting, "scope");
  EXPECT_NE(ask.reply.find("repeats every Monday"), std::string::npos) << ask.reply;
  auto confirm = say("all of them");
  EXPECT_EQ(confirm.awaiting, "confirmation");
  EXPECT_NE(confirm.reply.find("every time it repeats"), std::string::npos) << confirm.reply;
  say("yes");
  EXPECT_TRUE(events().empty());

  say("schedule retro every friday at 4pm");
  EXPECT_EQ(say("delete the retro").awaiting, "scope");
  EXPECT_EQ(say("just the next one").awaiting, "confirmation");
  say("yes");
  EXPECT_EQ(cancelled_occurrences(), std::vector<std::string>{"2026-11-27T16:00:00Z"});
}

TEST_F(DialogueTest, MovingOneOccurrenceLeavesTheSeriesAsItWas) {
  say("schedule standup every monday at 9am");
  auto out = say("move monday's standup to 11");
  ASSERT_EQ(out.actions.size(), 1u) << out.reply;
  EXPECT_EQ(out.actions[0].input["occurrence_start"], "2026-11-30T09:00:00Z");
  const auto all = events();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(format_rfc3339(all[0].start), "2026-11-30T09:00:00Z");  // the series
  EXPECT_EQ(all[0].exdates.size(), 1u);
  EXPECT_EQ(format_rfc3339(all[1].start), "2026-11-30T11:00:00Z");  // that monday's, alone
  EXPECT_EQ(all[1].rrule, "");
  EXPECT_EQ(all[1].title, "standup");
}

TEST_F(DialogueTest, MovingTheSeriesKeepsItsPast) {
  productivity::NewEvent standup;
  standup.title = "standup";
  standup.start = *parse_rfc3339("2026-11-16T09:00:00Z");  // a Monday, gone by
  standup.end = standup.start + std::chrono::minutes{15};
  standup.rrule = "FREQ=WEEKLY;BYDAY=MO";
  ASSERT_TRUE(events_->create(Principal{user_, {}}, standup));
  auto out = say("move all the standups to 10am");
  ASSERT_EQ(out.actions.size(), 1u) << out.reply;
  EXPECT_EQ(out.reply, "Done: standup, moved to Monday at 10 AM.");
  ASSERT_EQ(events().size(), 1u);
  EXPECT_EQ(format_rfc3339(events()[0].start), "2026-11-16T10:00:00Z");
  EXPECT_EQ(format_rfc3339(events()[0].end), "2026-11-16T10:15:00Z");
  EXPECT_TRUE(events()[0].exdates.empty());
}

TEST_F(DialogueTest, LocalTimesFollowTheUsersZone) {
  const auto ny = add_user("bo@example.com", "Bo", "America/New_York");
  auto out = say("remind me to stretch tomorrow at 9am", ny);
  ASSERT_EQ(out.actions.size(), 1u);
  EXPECT_EQ(out.actions[0].result["event"]["start"], "2026-11-25T14:00:00Z");
}

TEST_F(DialogueTest, AsksForTheMissingTimeAndKeepsTheDay) {
  auto first = say("remind me to call mom tomorrow");
  EXPECT_TRUE(first.actions.empty());
  EXPECT_EQ(first.awaiting, "time");
  EXPECT_EQ(first.reply, "What time tomorrow?");
  EXPECT_TRUE(todos().empty());

  auto second = say("at 4 pm");
  ASSERT_EQ(second.actions.size(), 1u);
  EXPECT_EQ(second.actions[0].result["event"]["start"], "2026-11-25T16:00:00Z");
  EXPECT_EQ(second.actions[0].input["title"], "call mom");
  EXPECT_FALSE(second.awaiting);
}

TEST_F(DialogueTest, ANewRequestReplacesTheQuestion) {
  say("schedule standup tomorrow at 9am");
  EXPECT_EQ(say("remind me to call mom tomorrow").awaiting, "time");
  auto out = say("what's on my calendar tomorrow");
  ASSERT_EQ(out.actions.size(), 1u) << out.reply;
  EXPECT_EQ(out.actions[0].tool, "list_events");
  EXPECT_FALSE(out.awaiting);
  EXPECT_TRUE(todos().empty());
}

TEST_F(DialogueTest, ShortAnswersFillTheQuestion) {
  for (const char* answer : {"4 pm", "at four", "tomorrow at 4pm", "16:00"}) {
    EXPECT_EQ(say("remind me to call mom tomorrow").awaiting, "time");
    auto out = say(answer);
    ASSERT_EQ(out.actions.size(), 1u) << answer << ": " << out.reply;
    EXPECT_EQ(out.actions[0].result["event"]["start"], "2026-11-25T16:00:00Z") << answer;
  }
}

TEST_F(DialogueTest, AsksForTheMissingTitle) {
  auto first = say("set a reminder for tomorrow at 3 pm");
  EXPECT_EQ(first.awaiting, "title");
  auto second = say("water the plants");
  ASSERT_EQ(second.actions.size(), 1u);
  EXPECT_EQ(second.actions[0].input["title"], "water the plants");
  EXPECT_EQ(second.actions[0].input["at"], "2026-11-25T15:00:00Z");
}

TEST_F(DialogueTest, CancelDropsAQuestionWithoutActing) {
  EXPECT_EQ(say("remind me to call mom tomorrow").awaiting, "time");
  auto out = say("never mind");
  EXPECT_TRUE(out.actions.empty());
  EXPECT_FALSE(out.awaiting);
  EXPECT_TRUE(todos().empty());
  // The question is gone: a time now is not an answer to it.
  EXPECT_TRUE(say("at 4 pm").actions.empty() || todos().empty());
}

TEST_F(DialogueTest, MoveItKeepsTheDayAndMovesTheReminderTodoToo) {
  say("remind me to follow up with John tomorrow at 2 PM");
  auto out = say("move it to 3 PM");
  ASSERT_EQ(out.actions.size(), 2u) << out.reply;
  EXPECT_EQ(out.actions[0].tool, "update_event");
  EXPECT_EQ(format_rfc3339(events()[0].start), "2026-11-25T15:00:00Z");
  EXPECT_EQ(format_rfc3339(*todos()[0].due_at), "2026-11-25T15:00:00Z");
  EXPECT_NE(out.reply.find("tomorrow at 3 PM"), std::string::npos) << out.reply;
}

TEST_F(DialogueTest, PushItBackMovesByTheAmountFromWhereItIs) {
  say("schedule the design review tomorrow at 2 PM for an hour");
  auto out = say("push the design review back 30 minutes");
  ASSERT_EQ(out.actions.size(), 1u) << out.reply;
  EXPECT_EQ(format_rfc3339(events()[0].start), "2026-11-25T14:30:00Z");
  EXPECT_EQ(format_rfc3339(events()[0].end), "2026-11-25T15:30:00Z");  // the length stays
  // The second push starts from where the first one left it.
  say("move it an hour earlier");
  EXPECT_EQ(format_rfc3339(events()[0].start), "2026-11-25T13:30:00Z");
}

TEST_F(DialogueTest, PushingAReminderBackMovesItsTodoToo) {
  say("remind me to call the bank tomorrow at 9 AM");
  auto out = say("push it back a day");
  ASSERT_EQ(out.actions.size(), 2u) << out.reply;
  EXPECT_EQ(format_rfc3339(events()[0].start), "2026-11-26T09:00:00Z");
  EXPECT_EQ(format_rfc3339(*todos()[0].due_at), "2026-11-26T09:00:00Z");
}

TEST_F(DialogueTest, LongerAndShorterChangeTheEndOnly) {
  say("schedule the interview tomorrow at 10 AM for 45 minutes");
  auto longer = say("make the interview 30 minutes longer");
  ASSERT_EQ(longer.actions.size(), 1u) << longer.reply;
  EXPECT_EQ(format_rfc3339(events()[0].start), "2026-11-25T10:00:00Z");
  EXPECT_EQ(format_rfc3339(events()[0].end), "2026-11-25T11:15:00Z");
  EXPECT_NE(longer.reply.find("now until 11:15 AM"), std::string::npos) << longer.reply;
  say("shorten it by 15 minutes");
  EXPECT_EQ(format_rfc3339(events()[0].end), "2026-11-25T11:00:00Z");
  // Nothing is changed that would end before it starts.
  auto refused = say("make the interview 2 hours shorter");
  EXPECT_TRUE(refused.actions.empty()) << refused.reply;
  EXPECT_EQ(format_rfc3339(events()[0].end), "2026-11-25T11:00:00Z");
}

TEST_F(DialogueTest, AnEventNamedByItsTimeIsTheOneChanged) {
  say("schedule the design review today at 3 PM");
  say("schedule standup today at 4:30 PM");
  auto moved = say("move my 3pm to 5");
  ASSERT_EQ(moved.actions.size(), 1u) << moved.reply;
  EXPECT_EQ(events()[0].title, "design review");
  EXPECT_EQ(format_rfc3339(events()[0].start), "2026-11-24T17:00:00Z");
  EXPECT_EQ(format_rfc3339(events()[1].start), "2026-11-24T16:30:00Z");
  // A generic word for what it is ("meeting") does not have to be in the title.
  ASSERT_EQ(say("push my 4:30 meeting to 6").actions.size(), 1u);
  EXPECT_EQ(format_rfc3339(events()[1].start), "2026-11-24T18:00:00Z");
  auto cancel = say("cancel my 5pm");
  EXPECT_EQ(cancel.awaiting, "confirmation");
  EXPECT_NE(cancel.reply.find("design review"), std::string::npos) << cancel.reply;
  say("yes");
  ASSERT_EQ(events().size(), 1u);
  EXPECT_EQ(events()[0].title, "standup");
  auto nothing = say("move my 11am to noon");
  EXPECT_TRUE(nothing.actions.empty());
  EXPECT_EQ(nothing.reply, "You have nothing today at 11 AM.");
}

TEST_F(DialogueTest, ATitleSaidWithTheWrongTimeStillFindsTheItem) {
  say("remind me to call the dentist tomorrow at 4 PM");
  say("schedule gym tomorrow at 5 PM");
  auto out = say("delete the dentist reminder tomorrow at 5");
  EXPECT_EQ(out.awaiting, "confirmation");
  EXPECT_NE(out.reply.find("call the dentist"), std::string::npos) << out.reply;
}

TEST_F(DialogueTest, ANewRecurrenceKeepsTheTimeUnlessItSaysOne) {
  say("schedule the team sync every monday at 10am");
  ASSERT_EQ(events().size(), 1u);
  EXPECT_EQ(events()[0].rrule, "FREQ=WEEKLY;BYDAY=MO");
  auto biweekly = say("make the weekly team sync biweekly");
  ASSERT_EQ(biweekly.actions.size(), 1u) << biweekly.reply;
  EXPECT_EQ(events()[0].rrule, "FREQ=WEEKLY;INTERVAL=2");
  EXPECT_EQ(format_rfc3339(events()[0].start), "2026-11-30T10:00:00Z");
  EXPECT_NE(biweekly.reply.find("every other week"), std::string::npos) << biweekly.reply;
  say("the team sync is now every tuesday at 9");
  EXPECT_EQ(events()[0].rrule, "FREQ=WEEKLY;BYDAY=TU");
  EXPECT_EQ(format_rfc3339(events()[0].start), "2026-12-01T09:00:00Z");
  // A todo has no calendar to repeat on.
  say("add water the plants to my todo list");
  auto todo = say("make water the plants daily");
  EXPECT_TRUE(todo.actions.empty()) << todo.reply;
}

TEST_F(DialogueTest, ATimeSaidToBeNewMovesTheEvent) {
  say("schedule lunch with mateo tomorrow at noon");
  auto out = say("the lunch with mateo is at 1 now");
  ASSERT_EQ(out.actions.size(), 1u) << out.reply;
  EXPECT_EQ(out.actions[0].tool, "update_event");
  EXPECT_EQ(format_rfc3339(events()[0].start), "2026-11-25T13:00:00Z");
}

TEST_F(DialogueTest, ATodoWithoutADueDateCannotBePushedBack) {
  say("add write the report to my todo list");
  auto out = say("push write the report back a day");
  EXPECT_TRUE(out.actions.empty()) << out.reply;
  EXPECT_NE(out.reply.find("no time"), std::string::npos) << out.reply;
}

TEST_F(DialogueTest, RenamingAReminderRenamesItsTodoAndItsEvent) {
  say("remind me to call the bank tomorrow at 9 AM");
  auto out = say("rename call the bank to call the credit union");
  ASSERT_EQ(out.actions.size(), 2u) << out.reply;
  EXPECT_EQ(todos()[0].title, "call the credit union");
  EXPECT_EQ(events()[0].title, "call the credit union");
  EXPECT_EQ(format_rfc3339(events()[0].start), "2026-11-25T09:00:00Z");  // time untouched
  EXPECT_NE(out.reply.find("renamed to call the credit union"), std::string::npos) << out.reply;
}

TEST_F(DialogueTest, AReminderFoundAsAnEventChangesAndGoesAsAWhole) {
  say("remind me to call the bank tomorrow at 9 AM");
  auto listed = say("what's on my calendar tomorrow");  // the focus is now the event
  ASSERT_EQ(listed.actions.size(), 1u) << listed.reply;
  auto urgent = say("make it high priority");
  ASSERT_EQ(urgent.actions.size(), 1u) << urgent.reply;
  EXPECT_EQ(todos()[0].priority, store::Priority::high);
  auto moved = say("move it to 10");
  EXPECT_EQ(format_rfc3339(events()[0].start), "2026-11-25T10:00:00Z") << moved.reply;
  EXPECT_EQ(format_rfc3339(*todos()[0].due_at), "2026-11-25T10:00:00Z");

  auto asked = say("cancel the call the bank event");
  EXPECT_NE(asked.reply.find("Delete the reminder call the bank"), std::string::npos)
      << asked.reply;
  say("yes");
  EXPECT_TRUE(events().empty());
  EXPECT_TRUE(todos().empty());
}

TEST_F(DialogueTest, APrioritySaidLastChangesTheTodo) {
  say("add buy milk to my todo list");
  auto out = say("make buy milk high priority");
  ASSERT_EQ(out.actions.size(), 1u) << out.reply;
  EXPECT_EQ(out.actions[0].tool, "update_todo");
  ASSERT_EQ(todos().size(), 1u);
  EXPECT_EQ(todos()[0].priority, store::Priority::high);
}

TEST_F(DialogueTest, TheSecondOneMeansTheSecondItemListed) {
  say("add buy milk to my todo list");
  say("add call the bank to my todos");
  say("add book flights to my todo list");
  auto listed = say("what are my todos");
  ASSERT_EQ(listed.actions.size(), 1u);
  EXPECT_NE(listed.reply.find("3 open todos"), std::string::npos) << listed.reply;

  auto out = say("complete the second one");
  ASSERT_EQ(out.actions.size(), 1u) << out.reply;
  EXPECT_EQ(out.actions[0].tool, "complete_todo");
  const auto done = todos(true);
  ASSERT_EQ(done.size(), 1u);
  EXPECT_EQ(done[0].title, "call the bank");
}

TEST_F(DialogueTest, OrdinalsKeepPointingIntoTheListRead) {
  say("add buy milk to my todo list");
  say("add call the bank to my todos");
  say("what are my todos");
  ASSERT_EQ(say("complete the first one").actions.size(), 1u);
  auto out = say("and the second one");
  ASSERT_EQ(out.actions.size(), 1u) << out.reply;
  EXPECT_EQ(out.actions[0].input["id"], todos(true).back().id);
  EXPECT_TRUE(todos().empty());
}

TEST_F(DialogueTest, AnAlarmNeedsNoTitleAndSeriesAreSpoken) {
  auto alarm = say("set an alarm for 7 am tomorrow");
  ASSERT_EQ(alarm.actions.size(), 1u) << alarm.reply;
  EXPECT_EQ(alarm.actions[0].input["title"], "Alarm");
  auto series = say("remind me to stretch every weekday at 9am");
  ASSERT_EQ(series.actions.size(), 1u) << series.reply;
  EXPECT_NE(series.reply.find("every weekday at 9 AM"), std::string::npos) << series.reply;
}

TEST_F(DialogueTest, DeletingAsksFirstAndYesDeletes) {
  say("add buy milk to my todo list");
  say("add call the bank to my todos");
  auto question = say("delete all my todos");
  EXPECT_TRUE(question.actions.empty());
  EXPECT_EQ(question.awaiting, "confirmation");
  EXPECT_NE(question.reply.find("Delete 2 todos"), std::string::npos) << question.reply;
  EXPECT_EQ(todos().size(), 2u);

  auto out = say("yes");
  EXPECT_EQ(out.actions.size(), 2u);
  EXPECT_TRUE(todos().empty());
}

TEST_F(DialogueTest, NoKeepsEverything) {
  say("add buy milk to my todo list");
  EXPECT_EQ(say("delete the buy milk todo").awaiting, "confirmation");
  auto out = say("no");
  EXPECT_TRUE(out.actions.empty());
  EXPECT_EQ(todos().size(), 1u);
}

TEST_F(DialogueTest, AnAmbiguousTitleAsksWhichOne) {
  say("add call the bank to my todos");
  say("add call the plumber to my todos");
  auto question = say("mark call as done");
  EXPECT_EQ(question.awaiting, "choice") << question.reply;
  auto out = say("the plumber one");
  ASSERT_EQ(out.actions.size(), 1u) << out.reply;
  ASSERT_EQ(todos(true).size(), 1u);
  EXPECT_EQ(todos(true)[0].title, "call the plumber");
}

TEST_F(DialogueTest, EachItemOfAnEnumerationIsATodoAndCancelThatTakesThemAll) {
  auto out = say("add milk, eggs and bread to my shopping list");
  EXPECT_EQ(out.reply, "Added milk, eggs and bread to your todos.");
  ASSERT_EQ(todos().size(), 3u);
  EXPECT_EQ(todos()[2].title, "bread");
  EXPECT_EQ(say("cancel that").actions.size(), 3u);
  EXPECT_TRUE(todos().empty());
}

TEST_F(DialogueTest, CancelThatUndoesWhatWasJustCreated) {
  say("remind me to follow up with John tomorrow at 2 PM");
  auto out = say("cancel that");
  EXPECT_EQ(out.actions.size(), 2u) << out.reply;
  EXPECT_TRUE(todos().empty());
  EXPECT_TRUE(events().empty());
  EXPECT_TRUE(say("cancel that").actions.empty());  // nothing left to undo
}

TEST_F(DialogueTest, AddSarahTooInvitesATeamMateToTheEventInFocus) {
  const auto sarah = add_user("sarah@example.com", "Sarah Chen", "Europe/London");
  (void)sarah;
  add_team_with("Sales", "sarah@example.com", store::Role::member);
  say("schedule a meeting with the sales team on friday at 10am");
  auto out = say("add Sarah too");
  ASSERT_EQ(out.actions.size(), 1u) << out.reply;
  EXPECT_EQ(out.actions[0].tool, "update_event");
  EXPECT_EQ(events()[0].attendees, std::vector<std::string>{"sarah@example.com"});
}

TEST_F(DialogueTest, AnInvitedTeamIsEveryMemberButTheCaller) {
  add_user("priya@example.com", "Priya Shah", "Europe/London");
  add_user("sam@example.com", "Sam Lee", "Europe/London");
  const auto design = add_team_with("Design", "priya@example.com", store::Role::member);
  ASSERT_TRUE(
      teams_->add_member(Principal{user_, {}}, design, "sam@example.com", store::Role::member));
  say("schedule the design crit tomorrow at 3pm");
  auto out = say("invite the design team to the design crit");
  ASSERT_EQ(out.actions.size(), 1u) << out.reply;
  EXPECT_EQ(out.reply, "Okay, I added Priya Shah and Sam Lee to design crit.");
  EXPECT_EQ(events()[0].attendees,
            (std::vector<std::string>{"priya@example.com", "sam@example.com"}));
  say("take the design team off the design crit");
  EXPECT_TRUE(events()[0].attendees.empty());
  auto unknown = say("invite the marketing team to the design crit");
  EXPECT_TRUE(unknown.actions.empty());
  EXPECT_EQ(unknown.reply, "You're not in a team called marketing.");
}

TEST_F(DialogueTest, GuestsAreAddedToAndTakenOffANamedEvent) {
  add_user("sarah@example.com", "Sarah Chen", "Europe/London");
  add_user("omar@example.com", "Omar Haddad", "Europe/London");
  add_team_with("Sales", "sarah@example.com", store::Role::member);
  add_team_with("Ops", "omar@example.com", store::Role::member);
  say("schedule the kickoff call on friday at 10am");
  say("what's on today");  // the kickoff call is no longer in focus: it is found by its title
  auto out = say("add Sarah and Omar to the kickoff call");
  EXPECT_EQ(out.reply, "Okay, I added Sarah Chen and Omar Haddad to kickoff call.");
  EXPECT_EQ(events()[0].attendees,
            (std::vector<std::string>{"sarah@example.com", "omar@example.com"}));
  EXPECT_EQ(format_rfc3339(events()[0].start), "2026-11-27T10:00:00Z");  // not moved

  out = say("remove Sarah from the kickoff call");
  EXPECT_EQ(out.reply, "Okay, I took Sarah Chen off kickoff call.");
  EXPECT_EQ(events()[0].attendees, std::vector<std::string>{"omar@example.com"});
  EXPECT_EQ(say("take sarah off the kickoff call").reply, "Sarah Chen isn't on kickoff call.");
  EXPECT_EQ(say("invite Ngozi to the kickoff call").reply, "What's Ngozi's email address?");
}

TEST_F(DialogueTest, AGuestSaidAsAPronounIsThePersonNamedLast) {
  add_user("sarah@example.com", "Sarah Chen", "Europe/London");
  add_team_with("Sales", "sarah@example.com", store::Role::member);
  say("schedule the kickoff call on friday at 10am");
  EXPECT_EQ(say("take her off the kickoff call").reply,
            "Who do you mean? Say their name, like: take Priya off the invite.");
  say("add Sarah to the kickoff call");
  EXPECT_EQ(events()[0].attendees, std::vector<std::string>{"sarah@example.com"});
  const auto out = say("actually take her off the kickoff call");
  EXPECT_EQ(out.reply, "Okay, I took Sarah Chen off kickoff call.");
  EXPECT_TRUE(events()[0].attendees.empty());
}

TEST_F(DialogueTest, AReminderOnSomethingUnseenAsksForATime) {
  auto out = say("remind me when i get home to water the plants");
  EXPECT_EQ(out.awaiting, "time");
  EXPECT_EQ(out.reply, "I can't tell when you get home, so what time should I remind you?");
  out = say("at 6 pm");
  ASSERT_EQ(todos().size(), 1u) << out.reply;
  EXPECT_EQ(todos()[0].title, "water the plants");
}

TEST_F(DialogueTest, AnUnknownPersonIsAskedForAnEmail) {
  say("schedule a dentist appointment on friday at 10am");
  auto question = say("invite Priya as well");
  EXPECT_EQ(question.awaiting, "email");
  EXPECT_NE(question.reply.find("Priya"), std::string::npos);
  auto out = say("priya@example.org");
  ASSERT_EQ(out.actions.size(), 1u) << out.reply;
  EXPECT_EQ(events()[0].attendees, std::vector<std::string>{"priya@example.org"});
}

TEST_F(DialogueTest, RolesApplyToWhatTheAssistantDoes) {
  const auto viewer = add_user("vic@example.com", "Vic", "Europe/London");
  add_team_with("Sales", "vic@example.com", store::Role::viewer);
  auto out = say("add a todo for the sales team to call the client", viewer);
  ASSERT_EQ(out.actions.size(), 1u);
  EXPECT_TRUE(out.actions[0].result.contains("error"));
  EXPECT_NE(out.reply.find("Sorry"), std::string::npos);
  EXPECT_TRUE(todos().empty());
}

TEST_F(DialogueTest, TheAgendaReadsTheDay) {
  say("schedule standup tomorrow at 9am");
  say("schedule lunch with Sarah tomorrow from 12:30 to 1:30 pm");
  auto out = say("what's on my calendar tomorrow");
  ASSERT_EQ(out.actions.size(), 1u);
  EXPECT_EQ(out.actions[0].tool, "list_events");
  EXPECT_NE(out.reply.find("2 events"), std::string::npos) << out.reply;
  EXPECT_NE(out.reply.find("9 AM"), std::string::npos) << out.reply;
  EXPECT_NE(out.reply.find("12:30 PM"), std::string::npos) << out.reply;
  auto week = say("what's on my agenda this week");
  EXPECT_EQ(week.reply.rfind("This week you have 2 events", 0), 0u) << week.reply;
  EXPECT_EQ(say("what's on my calendar next month").reply, "Your calendar is clear next month.");
}

TEST_F(DialogueTest, ContextSurvivesARestart) {
  auto first = say("remind me to call mom tomorrow");
  EXPECT_EQ(first.awaiting, "time");
  dialogue_.emplace(*db_, tools_, clock_);  // a new process, the same database
  auto second =
      dialogue_->respond(Principal{user_, {}}, TurnInput{"4 pm", first.conversation_id, "voice"});
  ASSERT_TRUE(second);
  EXPECT_EQ(second->conversation_id, first.conversation_id);
  ASSERT_EQ(second->actions.size(), 1u);
  EXPECT_EQ(todos().size(), 1u);
}

TEST_F(DialogueTest, ARecentConversationContinuesAcrossChannelsAndAnOldOneDoesNot) {
  const auto first = say("what are my todos");
  EXPECT_EQ(say("what are my todos").conversation_id, first.conversation_id);
  clock_.advance(std::chrono::hours{1});
  EXPECT_NE(say("what are my todos").conversation_id, first.conversation_id);
}

TEST_F(DialogueTest, AnotherUsersConversationIsNotFound) {
  const auto mine = say("what are my todos");
  const auto other = add_user("eve@example.com", "Eve", "UTC");
  auto out = dialogue_->respond(Principal{other, {}},
                                TurnInput{"what are my todos", mine.conversation_id, "text"});
  ASSERT_FALSE(out);
  EXPECT_EQ(out.error().kind, ErrorKind::not_found);
}

TEST_F(DialogueTest, BadTextIsUnprocessable) {
  for (const std::string& text :
       {std::string("   "), std::string("\xff\xfe"), std::string(3000, 'a')}) {
    auto out = dialogue_->respond(Principal{user_, {}}, TurnInput{text, {}, "text"});
    ASSERT_FALSE(out);
    EXPECT_EQ(out.error().kind, ErrorKind::unprocessable);
  }
}

TEST_F(DialogueTest, OldTurnsArePruned) {
  DialogueSettings settings;
  settings.turns_kept = 4;
  dialogue_.emplace(*db_, tools_, clock_, settings);
  TurnOutput out;
  for (int i = 0; i < 5; ++i) out = say("what are my todos");
  auto turns = db_->transact(store::TxMode::read, [&](store::Session& s) {
    return Result<std::vector<store::Turn>>(
        store::conversations::recent_turns(s, out.conversation_id, 100));
  });
  ASSERT_TRUE(turns);
  EXPECT_EQ(turns->size(), 4u);
  EXPECT_EQ(turns->back().role, "assistant");
  EXPECT_EQ(turns->back().text, out.reply);
}

TEST_F(DialogueTest, ActionsAreRecordedWithTheTurn) {
  const auto out = say("remind me to pay rent tomorrow at 9am");
  auto turns = db_->transact(store::TxMode::read, [&](store::Session& s) {
    return Result<std::vector<store::Turn>>(
        store::conversations::recent_turns(s, out.conversation_id, 10));
  });
  ASSERT_EQ(turns->size(), 2u);
  EXPECT_EQ((*turns)[0].text, "remind me to pay rent tomorrow at 9am");
  EXPECT_EQ(json::parse((*turns)[1].actions)[0]["tool"], "create_reminder");
  const json wire = to_json(out);
  EXPECT_EQ(wire["conversation_id"], out.conversation_id);
  EXPECT_TRUE(wire["awaiting"].is_null());
  EXPECT_EQ(wire["actions"][0]["result"]["todo"]["title"], "pay rent");
}

// Every utterance of the NLU corpus, said one after another in one conversation (so each meets
// whatever state the previous ones left: questions, focus, confirmations): each gets a reply,
// none an error, and every action's result is an object.
TEST_F(DialogueTest, EveryCorpusUtteranceGetsAReplyInOneLongConversation) {
  const auto sam = add_user("sam@example.com", "Sam Patel", "Europe/London");
  (void)sam;
  add_team_with("Sales", "sam@example.com", store::Role::member);
  std::ifstream corpus(CONVONET_NLU_CORPUS);
  ASSERT_TRUE(corpus) << CONVONET_NLU_CORPUS;
  std::string line;
  int turns = 0, acted = 0;
  while (std::getline(corpus, line)) {
    if (line.empty()) continue;
    const auto utterance = json::parse(line)["utterance"].get<std::string>();
    if (utterance.find_first_not_of(" \t") == std::string::npos) continue;  // not a turn
    auto out = dialogue_->respond(Principal{user_, {}}, TurnInput{utterance, {}, "text"});
    ASSERT_TRUE(out) << utterance << ": " << out.error().message;
    EXPECT_FALSE(out->reply.empty()) << utterance;
    for (const auto& action : out->actions) EXPECT_TRUE(action.result.is_object()) << utterance;
    if (!out->actions.empty()) ++acted;
    ++turns;
  }
  EXPECT_GE(turns, 300);
  EXPECT_GT(acted, turns / 2);  // most requests act at once; the rest ask or confirm
}

// With an LLM planner attached: the model gets the turn first; the rules take over when it fails.
class LlmDialogueTest : public DialogueTest {
 protected:
  void SetUp() override {
    DialogueTest::SetUp();
    LlmSettings settings;
    settings.base_url = server_.base_url();
    settings.model = "fake-model";
    settings.api_key = "sk-test";
    settings.timeout = std::chrono::seconds{10};
    planner_.emplace(settings, tools_, clock_);
    dialogue_->set_llm(&*planner_);
  }

  convonet::testing::FakeOpenAi server_;
  std::optional<LlmPlanner> planner_;
};

TEST_F(LlmDialogueTest, TheModelsToolCallsAreTheActionsAndHistoryGoesBack) {
  server_.then_tool_calls(json::array(
      {{{"id", "call_1"}, {"name", "create_todo"}, {"arguments", {{"title", "buy milk"}}}}}));
  server_.then_text("Added buy milk to your todos.");
  auto out = say("I need to buy milk");
  EXPECT_EQ(out.reply, "Added buy milk to your todos.");
  ASSERT_EQ(out.actions.size(), 1u);
  EXPECT_EQ(out.actions[0].tool, "create_todo");
  ASSERT_EQ(todos().size(), 1u);

  // The next turn sends the conversation so far; "cancel that" is then the model's to handle,
  // and the focus the model's action left lets the rules resolve "it" if the model fails.
  server_.then_status(500, R"({"error":{"message":"overloaded"}})");
  auto fallback = say("mark it as done");
  ASSERT_EQ(fallback.actions.size(), 1u) << fallback.reply;
  EXPECT_EQ(fallback.actions[0].tool, "complete_todo");
  const auto requests = server_.requests();
  ASSERT_EQ(requests.size(), 3u);
  const auto& messages = requests[2].body["messages"];
  bool saw_history = false;
  for (const auto& m : messages) {
    if (m["role"] == "assistant" && m.value("content", json()) == "Added buy milk to your todos.") {
      saw_history = true;
    }
  }
  EXPECT_TRUE(saw_history) << messages.dump();
}

TEST_F(LlmDialogueTest, TheModelsDeletesAreConfirmedFirst) {
  server_.then_tool_calls(json::array(
      {{{"id", "call_1"}, {"name", "create_todo"}, {"arguments", {{"title", "buy milk"}}}}}));
  server_.then_text("Added buy milk.");
  say("I need to buy milk");
  ASSERT_EQ(todos().size(), 1u);
  const auto id = todos()[0].id;

  server_.then_tool_calls(
      json::array({{{"id", "call_2"}, {"name", "delete_todo"}, {"arguments", {{"id", id}}}}}));
  auto asked = say("get rid of it");
  EXPECT_EQ(asked.awaiting, "confirmation");
  EXPECT_NE(asked.reply.find("Delete the todo buy milk?"), std::string::npos) << asked.reply;
  EXPECT_TRUE(asked.actions.empty());
  EXPECT_EQ(todos().size(), 1u);

  auto done = say("yes");  // answered by the rules: the model is not asked again
  ASSERT_EQ(done.actions.size(), 1u) << done.reply;
  EXPECT_EQ(done.actions[0].tool, "delete_todo");
  EXPECT_TRUE(todos().empty());
  EXPECT_EQ(server_.requests().size(), 3u);
}

TEST_F(LlmDialogueTest, AHeldDeleteOfSomethingUnknownAsksNothing) {
  server_.then_tool_calls(
      json::array({{{"id", "call_1"}, {"name", "delete_event"}, {"arguments", {{"id", 4242}}}}}));
  auto out = say("delete the board meeting");
  EXPECT_FALSE(out.awaiting.has_value());
  EXPECT_NE(out.reply.find("couldn't find"), std::string::npos) << out.reply;
  EXPECT_TRUE(out.actions.empty());
}

TEST_F(LlmDialogueTest, TheRulesTakeTheTurnWhenTheModelFails) {
  server_.then_status(500, R"({"error":{"message":"down"}})");
  auto out = say("Create a reminder to follow up with John tomorrow at 2 PM");
  ASSERT_EQ(out.actions.size(), 1u);
  EXPECT_EQ(out.actions[0].tool, "create_reminder");
  EXPECT_EQ(events().size(), 1u);
}

TEST_F(LlmDialogueTest, APendingQuestionIsAnsweredByTheRules) {
  server_.then_status(500, R"({"error":{"message":"down"}})");
  EXPECT_EQ(say("remind me to call mom tomorrow").awaiting, "time");
  auto out = say("4 pm");
  ASSERT_EQ(out.actions.size(), 1u);
  EXPECT_EQ(server_.requests().size(), 1u);  // only the first turn went to the model
}

}  // namespace
}  // namespace convonet::assistant::dialogue
