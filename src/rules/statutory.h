// The statutory clocks of the EHC process, reviews, ceasing, appeals and tribunal orders, as pure
// functions of dates. Each rule cites its source and its row in ../shared/domain.md §1.
// Abbreviations: CFA = Children and Families Act 2014; Regs = SEND Regulations 2014 (SI 2014/1530);
// CoP = SEND Code of Practice 0-25 (2015).
//
// Counting conventions:
//   - "within N weeks of X": the last permitted day is X + 7N days.
//   - "N months": the same day N months later; a day the target month lacks becomes its last day
//     (the corresponding-date rule of English law, Dodds v Walker [1981]).
//   - working days: Monday to Friday; bank holidays are not modelled except where a rule says so.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/calendar.h"

namespace sendtwin::rules {

// --- Request, assessment and the plan (domain 1.2-1.8) ---------------------------------------

// Regs reg 5(1), domain 1.2: the LA decides whether to assess within 6 weeks of the request (or of
// becoming responsible for the child under CFA s.24).
constexpr Weeks kDecisionToAssessDeadline{6};
// Regs reg 8, domain 1.4: advice-givers respond within 6 weeks of the LA's request for advice.
constexpr Weeks kAdviceDeadline{6};
// Regs reg 10(1), domain 1.5: a decision not to issue a plan is notified within 16 weeks.
constexpr Weeks kDecisionNotToIssueDeadline{16};
// Regs reg 13(2), domain 1.7: the final EHC plan is issued within 20 weeks of the request.
constexpr Weeks kFinalPlanDeadline{20};
// Regs reg 13(1), domain 1.6: at least 15 days, beginning with the day the draft is served, to
// comment on the draft plan and name a preferred setting.
constexpr int kDraftCommentDays = 15;

Date decision_to_assess_due(Date request);
Date advice_due(Date advice_requested);
Date decision_not_to_issue_due(Date request);
Date final_plan_due(Date request);
// Last day of the reg 13(1) comment period: the day of service counts as day 1.
Date draft_comment_period_ends(Date draft_served);

// Regs 5(4), 10(4), 13(3), domain 1.8: when any of these makes a time limit impractical, the 6-,
// 16- and 20-week limits do not apply (the SEN2 `week20` exception flag).
enum class TimeLimitException : std::uint8_t {
  None,
  SchoolClosure,          // reg 5(4)(a): advice sought from a school/post-16 head near a closure
  EarlyYearsClosure,      // reg 5(4)(b): the same for an early years provider
  PersonalCircumstances,  // reg 5(4)(c): exceptional personal circumstances of child/parent/YP
  AbsentFromArea,         // reg 5(4)(d): absent from the LA's area for >=4 continuous weeks
};
bool time_limits_apply(TimeLimitException e);

// True when the final plan was issued on or before final_plan_due(request). An exception lifts
// the limit but never makes a late plan on time, so `e` does not change the answer; use
// classify_final_plan to separate exception cases.
bool plan_issued_on_time(Date request, Date issued, TimeLimitException e);

// How a final plan counts in DfE's "% issued within 20 weeks" (domain 4.2, sen2_mi): excluding
// exceptions = WithinLimit / (WithinLimit + Late); including exceptions = plans for which
// plan_issued_on_time is true / all plans. Any case with an exception is ExceptionApplies,
// whatever its dates, because DfE removes exception cases from the "excluding" figure entirely.
enum class Timeliness : std::uint8_t { WithinLimit, Late, ExceptionApplies };
Timeliness classify_final_plan(Date request, Date issued, TimeLimitException e);

// --- Reviews (domain 1.12-1.19) ---------------------------------------------------------------

// CFA s.44 and CoP 9.178, domain 1.12 and 1.16: the next review is due 12 months after the plan or
// the last review decision. Under 5 the CoP says every 3-6 months; domain 1.12 marks the exact
// interval unconfirmed, so it is the parameter `under_five_review_months` (1..12, else throws
// std::invalid_argument). `age_in_years` is the age on `plan_or_last_review_decision`.
inline constexpr int kReviewIntervalMonths = 12;
Date next_review_due(Date plan_or_last_review_decision, int age_in_years,
                     int under_five_review_months);
// The same interval in whole months, for a model that steps in months.
int review_interval_months(int age_in_years, int under_five_review_months);

// IPSEA FAQ (phase transfer), domain 1.14: the LA decides to maintain, amend or cease within
// 4 weeks of the review meeting.
constexpr Weeks kReviewDecisionDeadline{4};
// IPSEA FAQ (phase transfer), domain 1.15: the final amended plan within 8 weeks of the notice of
// the decision to amend.
constexpr Weeks kAmendedPlanAfterReviewDeadline{8};
Date review_decision_due(Date review_meeting);
Date amended_plan_after_review_due(Date amendment_notice);

// Regs reg 2 ("phase transfer") and reg 18(1), domain 1.17-1.18; reg 18(2), domain 1.19.
enum class PhaseTransfer : std::uint8_t {
  EarlyYearsToSchool,
  InfantToJunior,
  PrimaryToMiddle,
  PrimaryToSecondary,
  MiddleToSecondary,
  SecondaryToPost16,
  Post16ToPost16,
};
// The date by which the plan must be reviewed and amended to name the new setting: 15 February of
// the calendar year of transfer for the school phases, 31 March for secondary to post-16 (both use
// only `calendar_year_of_transfer`), and 5 months before `transfer_date` between post-16
// institutions (uses only `transfer_date`).
Date phase_transfer_review_deadline(PhaseTransfer kind, int calendar_year_of_transfer,
                                    Date transfer_date);

// --- Ceasing a plan (domain 1.1, 1.27) --------------------------------------------------------

// SEN2 cease reason 1 and Hounslow "Ceasing an EHCP", domain 1.1: a plan may run to the end of the
// academic year (31 August) during which the young person turns 25. (SEN2's "turns 19 if the YP
// enters the adult estate" variant is not modelled here.)
Date plan_ceases_by(Date birth);

// DfE SEN2 2025 guide item 4.6 (via witan.sen2), domain 1.27: the values are the SEN2 codes.
enum class CeaseReason : std::uint8_t {
  MaxAge = 1,                  // end of the academic year in which the YP turned 25
  NeedsMetWithoutPlan = 2,
  HigherEducation = 3,
  PaidEmployment = 4,          // excluding apprenticeships
  TransferredToAnotherLa = 5,  // another English LA
  NoLongerEngaging = 6,        // 18+, or not complying with the participation duty
  MovedOutsideEngland = 7,
  Deceased = 8,
  Other = 9,
};
std::string_view to_string(CeaseReason reason);
int sen2_code(CeaseReason reason);
std::optional<CeaseReason> cease_reason_from_sen2_code(int code);

// --- Mediation and appeals (domain 1.28-1.34) -------------------------------------------------

// CFA s.51 and Regs reg 43(2), domain 1.28.
enum class AppealGround : std::uint8_t {
  RefusalToAssess,
  RefusalToIssue,
  PlanContents,    // sections B, F and I
  PlacementOnly,   // section I only (school or type named), or no school named
  RefusalToAmend,  // after a review
  Ceasing,
};
// Bournemouth, Swindon SIAS, Torbay, domain 1.29: a mediation certificate is needed before
// appealing, except for appeals only about the placement (section I).
bool mediation_advice_required(AppealGround ground);

// IPSEA; Bournemouth; Swindon, domain 1.30: a certificate within 3 working days when the family
// declines mediation.
constexpr int kMediationCertificateWorkingDays = 3;
// Bournemouth; Swindon, domain 1.31: the LA arranges mediation within 30 (calendar) days.
constexpr int kMediationArrangedDays = 30;
// IPSEA FAQ, domain 1.34: the LA responds to the appeal within 30 working days of it being sent.
constexpr int kLaResponseWorkingDays = 30;
Date mediation_certificate_due(Date mediation_declined);
Date la_response_due(Date appeal_sent);

// IPSEA; Rotherham SENDIASS; Enfield SENDIAS, domain 1.32: the appeal must reach the tribunal
// within 2 months of the decision letter or 1 month of the mediation certificate, whichever is
// later; then apply_appeal_holiday_rule.
Date appeal_deadline(Date decision_letter, std::optional<Date> mediation_certificate);
// IPSEA FAQ (Christmas period), domain 1.33: a deadline falling 25 December-1 January moves to the
// next working day in January; one falling in August moves to the first working day of September.
// Other dates are returned unchanged. Working days here are Monday-Friday less New Year's Day and
// its substitute Monday; no other bank holiday can fall on the dates this rule moves to.
Date apply_appeal_holiday_rule(Date deadline);

// --- Tribunal orders (domain 1.35-1.36) -------------------------------------------------------

// Regs reg 44(2), domain 1.36 (GOV.UK SEND18 "Carry out an order").
enum class TribunalOrder : std::uint8_t {
  DismissCeaseAppeal,   // reg 44(2)(a): cease immediately
  AssessOrReassess,     // reg 44(2)(b): notify in 2 weeks; not-to-issue in 10 or final plan in 14
  MakeAndMaintainPlan,  // reg 44(2)(c): draft in 5 weeks, final in 11
  AmendContents,        // amended plan in 5 weeks
  AmendPlacementOnly,   // school or type in section I only: amended plan in 2 weeks
  ContinueToMaintain,   // immediately
};
struct OrderDeadlines {
  Date act_by;  // notify, issue the draft or amended plan, or cease/continue (same day)
  std::optional<Date> not_to_issue_by;  // AssessOrReassess only
  std::optional<Date> final_plan_by;    // AssessOrReassess, MakeAndMaintainPlan
};
// Counted from the date the order is made (reg 44(2); SEND18 counts from the day it is sent out:
// pass that date if it is the one known). Reg 44(3) exceptions are not modelled here.
OrderDeadlines order_deadlines(TribunalOrder order, Date order_made);

// --- Working days -----------------------------------------------------------------------------

// The date n working days (Monday-Friday) after `from` (before it when n < 0); n = 0 gives `from`.
Date add_working_days(Date from, int n);
// Working days in (from, to]; minus those in (to, from] when to < from. For n >= 0,
// working_days_between(d, add_working_days(d, n)) == n.
int working_days_between(Date from, Date to);

}  // namespace sendtwin::rules
