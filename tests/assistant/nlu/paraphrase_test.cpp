// Runs paraphrases.tsv: each utterance must be understood as one of the intents on its line.
// The file holds wordings written apart from the rules and from SLURP devel, so it guards the
// cue table against rules that only fit the data they were made on.
#include <gtest/gtest.h>

#include <fstream>
#include <iostream>
#include <string>

#include "assistant/nlu/nlu.hpp"

namespace convonet::assistant::nlu {
namespace {

bool one_of(const std::string& intents, const std::string& intent) {
  return ("|" + intents + "|").find("|" + intent + "|") != std::string::npos;
}

TEST(NluParaphrases, EachAsksForOneOfItsIntents) {
  std::ifstream in(CONVONET_NLU_PARAPHRASES);
  ASSERT_TRUE(in) << "cannot open " << CONVONET_NLU_PARAPHRASES;
  const Timestamp now = *parse_rfc3339("2026-11-24T10:00:00Z");
  std::string line;
  int total = 0, passed = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line.starts_with('#')) continue;
    const auto tab = line.find('\t');
    ASSERT_NE(tab, std::string::npos) << line;
    const std::string intents = line.substr(0, tab), utterance = line.substr(tab + 1);
    ++total;
    const auto got = understand(utterance, now, "UTC").intent;
    if (one_of(intents, got)) {
      ++passed;
    } else {
      ADD_FAILURE() << "\"" << utterance << "\": want " << intents << ", got " << got;
    }
  }
  std::cout << "paraphrases: " << passed << "/" << total << " pass\n";
  EXPECT_GE(total, 500);
}

TEST(NluParaphrases, OneOfMatchesWholeNamesOnly) {
  EXPECT_TRUE(one_of("delete_event|delete_todo", "delete_todo"));
  EXPECT_FALSE(one_of("delete_event|delete_todo", "delete"));
  EXPECT_FALSE(one_of("list_events", "list_event"));
}

}  // namespace
}  // namespace convonet::assistant::nlu
