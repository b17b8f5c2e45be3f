// Promises of src/rules/statutory.h. Every expected date was worked out by hand from the rule
// text in ../shared/domain.md §1; weekdays were checked against a printed calendar.
#include "rules/statutory.h"

#include <gtest/gtest.h>

#include <stdexcept>

namespace sendtwin::rules {
namespace {

Date d(const char* iso) { return Date::parse(iso); }

// --- Request, assessment and the plan ---------------------------------------------------------

TEST(StatutoryTest, DecisionToAssessDeadline_IsSixWeeksAfterRequest) {
  EXPECT_EQ(decision_to_assess_due(d("2025-01-06")), d("2025-02-17"));
}

TEST(StatutoryTest, AdviceDeadline_IsSixWeeksAfterAdviceRequested) {
  EXPECT_EQ(advice_due(d("2025-03-03")), d("2025-04-14"));
}

TEST(StatutoryTest, DecisionNotToIssueDeadline_IsSixteenWeeksAfterRequest) {
  EXPECT_EQ(decision_not_to_issue_due(d("2025-01-06")), d("2025-04-28"));
}

TEST(StatutoryTest, FinalPlanDeadline_IsTwentyWeeksAfterRequest) {
  EXPECT_EQ(final_plan_due(d("2025-01-06")), d("2025-05-26"));
}

TEST(StatutoryTest, FinalPlanDeadline_CountsTwentyNinthFebruaryInLeapYear) {
  EXPECT_EQ(final_plan_due(d("2024-01-15")), d("2024-06-03"));
  EXPECT_EQ(final_plan_due(d("2023-01-15")), d("2023-06-04"));
}

TEST(StatutoryTest, DraftCommentPeriod_IsFifteenDaysBeginningWithDayOfService) {
  EXPECT_EQ(draft_comment_period_ends(d("2025-01-20")), d("2025-02-03"));
}

TEST(StatutoryTest, Exception_SuspendsTheTimeLimit) {
  EXPECT_TRUE(time_limits_apply(TimeLimitException::None));
  for (auto e : {TimeLimitException::SchoolClosure, TimeLimitException::EarlyYearsClosure,
                 TimeLimitException::PersonalCircumstances, TimeLimitException::AbsentFromArea})
    EXPECT_FALSE(time_limits_apply(e));
}

TEST(StatutoryTest, PlanIssuedOnTime_OnTheTwentyWeekDay_IsOnTime) {
  EXPECT_TRUE(plan_issued_on_time(d("2025-01-06"), d("2025-05-26"), TimeLimitException::None));
}

TEST(StatutoryTest, PlanIssuedOnTime_DayAfterTwentyWeeks_IsLate) {
  EXPECT_FALSE(plan_issued_on_time(d("2025-01-06"), d("2025-05-27"), TimeLimitException::None));
}

TEST(StatutoryTest, PlanIssuedOnTime_ExceptionDoesNotMakeLatePlanOnTime) {
  EXPECT_FALSE(
      plan_issued_on_time(d("2025-01-06"), d("2025-07-01"), TimeLimitException::AbsentFromArea));
}

TEST(StatutoryTest, ClassifyFinalPlan_WithoutException_IsWithinLimitOrLate) {
  EXPECT_EQ(classify_final_plan(d("2025-01-06"), d("2025-05-26"), TimeLimitException::None),
            Timeliness::WithinLimit);
  EXPECT_EQ(classify_final_plan(d("2025-01-06"), d("2025-05-27"), TimeLimitException::None),
            Timeliness::Late);
}

TEST(StatutoryTest, ClassifyFinalPlan_WithException_IsExceptionWhetherOnTimeOrLate) {
  const auto e = TimeLimitException::SchoolClosure;
  EXPECT_EQ(classify_final_plan(d("2025-01-06"), d("2025-03-01"), e),
            Timeliness::ExceptionApplies);
  EXPECT_EQ(classify_final_plan(d("2025-01-06"), d("2025-09-01"), e),
            Timeliness::ExceptionApplies);
}

// --- Reviews ----------------------------------------------------------------------------------

TEST(StatutoryTest, NextReview_IsTwelveMonthsAfterLastReviewDecision) {
  EXPECT_EQ(next_review_due(d("2025-03-14"), 10, 6), d("2026-03-14"));
}

TEST(StatutoryTest, NextReview_FromTwentyNinthFebruary_FallsOnTwentyEighth) {
  EXPECT_EQ(next_review_due(d("2024-02-29"), 8, 6), d("2025-02-28"));
}

TEST(StatutoryTest, UnderFiveReview_UsesParameterInterval) {
  EXPECT_EQ(next_review_due(d("2025-01-31"), 3, 6), d("2025-07-31"));
  EXPECT_EQ(next_review_due(d("2025-01-31"), 4, 3), d("2025-04-30"));
}

TEST(StatutoryTest, FiveYearOld_GetsTwelveMonthReview) {
  EXPECT_EQ(next_review_due(d("2025-01-31"), 5, 6), d("2026-01-31"));
}

TEST(StatutoryTest, UnderFiveReview_RejectsIntervalOutsideOneToTwelveMonths) {
  EXPECT_THROW(next_review_due(d("2025-01-31"), 3, 0), std::invalid_argument);
  EXPECT_THROW(next_review_due(d("2025-01-31"), 3, 13), std::invalid_argument);
}

TEST(StatutoryTest, ReviewDecision_IsFourWeeksAfterMeeting) {
  EXPECT_EQ(review_decision_due(d("2025-11-03")), d("2025-12-01"));
}

TEST(StatutoryTest, AmendedPlanAfterReview_IsEightWeeksAfterAmendmentNotice) {
  EXPECT_EQ(amended_plan_after_review_due(d("2025-11-03")), d("2025-12-29"));
}

TEST(StatutoryTest, PhaseTransfer_SchoolPhases_DeadlineIsFifteenthFebruaryOfTransferYear) {
  for (auto kind : {PhaseTransfer::EarlyYearsToSchool, PhaseTransfer::InfantToJunior,
                    PhaseTransfer::PrimaryToMiddle, PhaseTransfer::PrimaryToSecondary,
                    PhaseTransfer::MiddleToSecondary})
    EXPECT_EQ(phase_transfer_review_deadline(kind, 2026, d("2026-09-03")), d("2026-02-15"));
}

TEST(StatutoryTest, PhaseTransfer_SecondaryToPost16_DeadlineIsThirtyFirstMarch) {
  EXPECT_EQ(
      phase_transfer_review_deadline(PhaseTransfer::SecondaryToPost16, 2026, d("2026-09-07")),
      d("2026-03-31"));
}

TEST(StatutoryTest, PhaseTransfer_Post16ToPost16_DeadlineIsFiveMonthsBeforeTransfer) {
  const auto kind = PhaseTransfer::Post16ToPost16;
  EXPECT_EQ(phase_transfer_review_deadline(kind, 2026, d("2026-09-01")), d("2026-04-01"));
  EXPECT_EQ(phase_transfer_review_deadline(kind, 2027, d("2027-01-06")), d("2026-08-06"));
}

TEST(StatutoryTest, PhaseTransfer_Post16ToPost16_FromMonthEnd_IsLastDayOfFebruary) {
  const auto kind = PhaseTransfer::Post16ToPost16;
  EXPECT_EQ(phase_transfer_review_deadline(kind, 2024, d("2024-07-31")), d("2024-02-29"));
  EXPECT_EQ(phase_transfer_review_deadline(kind, 2025, d("2025-07-31")), d("2025-02-28"));
}

// --- Ceasing ----------------------------------------------------------------------------------

TEST(StatutoryTest, PlanCeasesBy_EndOfAcademicYearOfTwentyFifthBirthday) {
  EXPECT_EQ(plan_ceases_by(d("2000-08-31")), d("2025-08-31"));  // turns 25 on the last day
  EXPECT_EQ(plan_ceases_by(d("2000-08-01")), d("2025-08-31"));
  EXPECT_EQ(plan_ceases_by(d("2000-09-01")), d("2026-08-31"));  // turns 25 in 2025-26
  EXPECT_EQ(plan_ceases_by(d("2000-12-31")), d("2026-08-31"));
}

TEST(StatutoryTest, PlanCeasesBy_LeapDayBirthday_EndsSameAcademicYear) {
  EXPECT_EQ(plan_ceases_by(d("2000-02-29")), d("2025-08-31"));
}

TEST(StatutoryTest, CeaseReason_CarriesTheNineSen2Codes) {
  for (int code = 1; code <= 9; ++code) {
    const auto reason = cease_reason_from_sen2_code(code);
    ASSERT_TRUE(reason.has_value()) << code;
    EXPECT_EQ(sen2_code(*reason), code);
  }
  EXPECT_FALSE(cease_reason_from_sen2_code(0).has_value());
  EXPECT_FALSE(cease_reason_from_sen2_code(10).has_value());
  EXPECT_EQ(cease_reason_from_sen2_code(1), CeaseReason::MaxAge);
  EXPECT_EQ(cease_reason_from_sen2_code(8), CeaseReason::Deceased);
}

TEST(StatutoryTest, CeaseReason_PrintsItsSen2Label) {
  EXPECT_EQ(to_string(CeaseReason::MaxAge), "Max age");
  EXPECT_EQ(to_string(CeaseReason::TransferredToAnotherLa), "Transferred to another LA");
  EXPECT_EQ(to_string(CeaseReason::Other), "Other");
}

// --- Mediation and appeals --------------------------------------------------------------------

TEST(StatutoryTest, MediationAdvice_RequiredExceptForPlacementOnlyAppeals) {
  EXPECT_FALSE(mediation_advice_required(AppealGround::PlacementOnly));
  for (auto g : {AppealGround::RefusalToAssess, AppealGround::RefusalToIssue,
                 AppealGround::PlanContents, AppealGround::RefusalToAmend, AppealGround::Ceasing})
    EXPECT_TRUE(mediation_advice_required(g));
}

TEST(StatutoryTest, MediationCertificate_IsThreeWorkingDaysAfterDeclining) {
  EXPECT_EQ(mediation_certificate_due(d("2025-03-13")), d("2025-03-18"));  // Thu -> Tue
}

TEST(StatutoryTest, LaResponse_IsThirtyWorkingDaysAfterAppealSent) {
  EXPECT_EQ(la_response_due(d("2025-03-03")), d("2025-04-14"));  // Mon + 6 weeks
}

TEST(StatutoryTest, AppealDeadline_IsTwoMonthsAfterDecisionLetter) {
  EXPECT_EQ(appeal_deadline(d("2025-03-14"), std::nullopt), d("2025-05-14"));
}

TEST(StatutoryTest, AppealDeadline_IsLaterOfTwoMonthsAndOneMonthFromCertificate) {
  EXPECT_EQ(appeal_deadline(d("2025-03-14"), d("2025-04-20")), d("2025-05-20"));
  EXPECT_EQ(appeal_deadline(d("2025-03-14"), d("2025-03-20")), d("2025-05-14"));
}

TEST(StatutoryTest, AppealDeadline_FromMonthEnd_IsLastDayOfFebruary) {
  EXPECT_EQ(appeal_deadline(d("2023-12-31"), std::nullopt), d("2024-02-29"));
  EXPECT_EQ(appeal_deadline(d("2024-12-31"), std::nullopt), d("2025-02-28"));
}

TEST(StatutoryTest, AppealDeadline_InChristmasPeriod_MovesToNextWorkingDayInJanuary) {
  // IPSEA's example: letter 1 October, certificate 29 November -> 29 December -> January.
  EXPECT_EQ(appeal_deadline(d("2024-10-01"), d("2024-11-29")), d("2025-01-02"));
}

TEST(StatutoryTest, AppealDeadline_OnFirstJanuary_MovesToSecondJanuary) {
  EXPECT_EQ(appeal_deadline(d("2025-11-01"), std::nullopt), d("2026-01-02"));  // Friday
}

TEST(StatutoryTest, AppealDeadline_InChristmasPeriod_SkipsWeekendInJanuary) {
  // 25 Dec 2020 -> 2 Jan 2021 is a Saturday -> Monday 4 January.
  EXPECT_EQ(appeal_deadline(d("2020-10-25"), std::nullopt), d("2021-01-04"));
}

TEST(StatutoryTest, AppealDeadline_InChristmasPeriod_SkipsNewYearSubstituteHoliday) {
  // 1 Jan 2022 a Saturday: Monday 3 January is the bank holiday -> Tuesday 4 January.
  EXPECT_EQ(appeal_deadline(d("2021-10-28"), std::nullopt), d("2022-01-04"));
  // 1 Jan 2023 a Sunday: Monday 2 January is the bank holiday -> Tuesday 3 January.
  EXPECT_EQ(appeal_deadline(d("2022-10-30"), std::nullopt), d("2023-01-03"));
}

TEST(StatutoryTest, AppealDeadline_InAugust_MovesToFirstWorkingDayOfSeptember) {
  EXPECT_EQ(appeal_deadline(d("2025-06-10"), std::nullopt), d("2025-09-01"));  // Monday
  EXPECT_EQ(appeal_deadline(d("2024-06-15"), std::nullopt), d("2024-09-02"));  // 1st a Sunday
}

TEST(StatutoryTest, AppealDeadline_JustOutsideHolidayPeriods_IsNotMoved) {
  EXPECT_EQ(appeal_deadline(d("2025-10-24"), std::nullopt), d("2025-12-24"));
  EXPECT_EQ(appeal_deadline(d("2025-05-31"), std::nullopt), d("2025-07-31"));
  EXPECT_EQ(appeal_deadline(d("2025-11-02"), std::nullopt), d("2026-01-02"));
}

// --- Tribunal orders --------------------------------------------------------------------------

TEST(StatutoryTest, DismissedCeaseAppeal_CeasesOnOrderDay) {
  const auto o = order_deadlines(TribunalOrder::DismissCeaseAppeal, d("2025-03-10"));
  EXPECT_EQ(o.act_by, d("2025-03-10"));
  EXPECT_FALSE(o.not_to_issue_by.has_value());
  EXPECT_FALSE(o.final_plan_by.has_value());
}

TEST(StatutoryTest, ContinueToMaintain_ActsOnOrderDay) {
  const auto o = order_deadlines(TribunalOrder::ContinueToMaintain, d("2025-03-10"));
  EXPECT_EQ(o.act_by, d("2025-03-10"));
  EXPECT_FALSE(o.not_to_issue_by.has_value());
  EXPECT_FALSE(o.final_plan_by.has_value());
}

TEST(StatutoryTest, AssessOrder_NotifyInTwoWeeks_NotToIssueInTen_FinalPlanInFourteen) {
  const auto o = order_deadlines(TribunalOrder::AssessOrReassess, d("2025-03-10"));
  EXPECT_EQ(o.act_by, d("2025-03-24"));
  EXPECT_EQ(o.not_to_issue_by, d("2025-05-19"));
  EXPECT_EQ(o.final_plan_by, d("2025-06-16"));
}

TEST(StatutoryTest, MakeAndMaintainOrder_DraftInFiveWeeks_FinalInEleven) {
  const auto o = order_deadlines(TribunalOrder::MakeAndMaintainPlan, d("2025-03-10"));
  EXPECT_EQ(o.act_by, d("2025-04-14"));
  EXPECT_FALSE(o.not_to_issue_by.has_value());
  EXPECT_EQ(o.final_plan_by, d("2025-05-26"));
}

TEST(StatutoryTest, AmendContentsOrder_IsFiveWeeks) {
  const auto o = order_deadlines(TribunalOrder::AmendContents, d("2025-03-10"));
  EXPECT_EQ(o.act_by, d("2025-04-14"));
  EXPECT_FALSE(o.final_plan_by.has_value());
}

TEST(StatutoryTest, AmendPlacementOnlyOrder_IsTwoWeeks) {
  const auto o = order_deadlines(TribunalOrder::AmendPlacementOnly, d("2025-03-10"));
  EXPECT_EQ(o.act_by, d("2025-03-24"));
  EXPECT_FALSE(o.final_plan_by.has_value());
}

// --- Working days -----------------------------------------------------------------------------

TEST(StatutoryTest, AddWorkingDays_SkipsTheWeekend) {
  EXPECT_EQ(add_working_days(d("2025-03-14"), 1), d("2025-03-17"));  // Fri -> Mon
  EXPECT_EQ(add_working_days(d("2025-03-15"), 1), d("2025-03-17"));  // Sat -> Mon
  EXPECT_EQ(add_working_days(d("2025-03-14"), 0), d("2025-03-14"));
  EXPECT_EQ(add_working_days(d("2025-03-17"), -1), d("2025-03-14"));  // Mon -> Fri
}

TEST(StatutoryTest, WorkingDaysBetween_CountsWeekdaysAfterStartUpToEnd) {
  EXPECT_EQ(working_days_between(d("2025-03-14"), d("2025-03-17")), 1);
  EXPECT_EQ(working_days_between(d("2025-03-14"), d("2025-03-14")), 0);
  EXPECT_EQ(working_days_between(d("2025-03-17"), d("2025-03-14")), -1);
  EXPECT_EQ(working_days_between(d("1969-12-26"), d("1970-01-05")), 6);  // across the epoch
}

TEST(StatutoryTest, WorkingDaysBetween_InvertsAddWorkingDays) {
  for (Date start = d("2023-12-20"); start < d("2024-01-10"); start = start.plus_days(1))
    for (int n = 0; n <= 40; ++n)
      ASSERT_EQ(working_days_between(start, add_working_days(start, n)), n)
          << start.to_string() << " + " << n;
}

}  // namespace
}  // namespace sendtwin::rules
