// Promises of data/known_names.h: the distance between names, the nearest known name to a misspelt
// one (none when nothing is near), and the message a reader gives for an unknown key.
#include "data/known_names.h"

#include <gtest/gtest.h>

namespace sendtwin::data {
namespace {

TEST(KnownNames, EditDistanceCountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(edit_distance("", ""), 0u);
  EXPECT_EQ(edit_distance("refused", "refused"), 0u);
  EXPECT_EQ(edit_distance("refusd", "refused"), 1u);
  EXPECT_EQ(edit_distance("refused", "refusd"), 1u);
  EXPECT_EQ(edit_distance("refused", "refuzed"), 1u);
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
}

TEST(KnownNames, TheNearestNameIsSuggested_FirstAmongTies) {
  const std::vector<std::string> known = {"withdrawn", "refused", "rate"};
  EXPECT_EQ(nearest_name("refusd", known), "refused");
  EXPECT_EQ(nearest_name("Refused", known), "refused");
  EXPECT_EQ(nearest_name("rat", known), "rate");
  EXPECT_EQ(nearest_name("ab", {"aa", "bb"}), "aa");
}

TEST(KnownNames, NothingIsSuggestedWhenNoNameIsNear) {
  EXPECT_EQ(nearest_name("colour", {"name", "description", "scale"}), "");
  // Any one-letter name is one edit from every other: no suggestion.
  EXPECT_EQ(nearest_name("Z", {"A", "B"}), "");
  EXPECT_EQ(nearest_name("", {"A"}), "");
  EXPECT_EQ(nearest_name("refusd", {}), "");
}

TEST(KnownNames, TheMessageNamesTheNearestOrListsTheKnown) {
  EXPECT_EQ(unknown_name_message("refusd", {"withdrawn", "refused"}), "not a known key (did you mean refused?)");
  EXPECT_EQ(unknown_name_message("colour", {"name", "scale"}), "not a known key (known: name, scale)");
  EXPECT_EQ(unknown_name_message("Z", {"A", "B"}, "setting"), "not a known setting (known: A, B)");
}

}  // namespace
}  // namespace sendtwin::data
