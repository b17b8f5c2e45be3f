#include "rules/statutory.h"

#include <algorithm>
#include <stdexcept>

namespace sendtwin::rules {

namespace {

Date after(Date d, Weeks w) { return d.plus_days(w.days()); }

bool is_weekend(Date d) { return d.weekday() >= 5; }

// New Year's Day, or its substitute Monday when 1 January falls on a weekend (England and Wales).
bool is_new_year_holiday(Date d) {
  if (d.month != 1 || d.day > 3) return false;
  if (d.day == 1) return true;
  const int new_year_weekday = Date{d.year, 1, 1}.weekday();
  return d.weekday() == 0 && new_year_weekday >= 5;  // Mon 2nd (1st a Sunday) or 3rd (Saturday)
}

Date first_working_day_from(Date d) {
  while (is_weekend(d) || is_new_year_holiday(d)) d = d.plus_days(1);
  return d;
}

// Mon-Fri days in [k0, k) where k counts days from Monday 1969-12-29 (1970-01-01 is a Thursday).
std::int64_t weekdays_before(std::int64_t days_since_epoch) {
  const std::int64_t k = days_since_epoch + 3;
  const std::int64_t weeks = k >= 0 ? k / 7 : -((-k + 6) / 7);  // floor division
  return 5 * weeks + std::min<std::int64_t>(k - 7 * weeks, 5);
}

}  // namespace

Date decision_to_assess_due(Date request) { return after(request, kDecisionToAssessDeadline); }
Date advice_due(Date advice_requested) { return after(advice_requested, kAdviceDeadline); }
Date decision_not_to_issue_due(Date request) { return after(request, kDecisionNotToIssueDeadline); }
Date final_plan_due(Date request) { return after(request, kFinalPlanDeadline); }
Date draft_comment_period_ends(Date draft_served) {
  return draft_served.plus_days(kDraftCommentDays - 1);
}

bool time_limits_apply(TimeLimitException e) { return e == TimeLimitException::None; }

bool plan_issued_on_time(Date request, Date issued, TimeLimitException /*e: never excuses*/) {
  return issued <= final_plan_due(request);
}

Timeliness classify_final_plan(Date request, Date issued, TimeLimitException e) {
  if (!time_limits_apply(e)) return Timeliness::ExceptionApplies;
  return plan_issued_on_time(request, issued, e) ? Timeliness::WithinLimit : Timeliness::Late;
}

int review_interval_months(int age_in_years, int under_five_review_months) {
  if (under_five_review_months < 1 || under_five_review_months > kReviewIntervalMonths)
    throw std::invalid_argument("under-five review interval must be 1..12 months");
  return age_in_years < 5 ? under_five_review_months : kReviewIntervalMonths;
}

Date next_review_due(Date plan_or_last_review_decision, int age_in_years,
                     int under_five_review_months) {
  return plan_or_last_review_decision.plus_months(review_interval_months(age_in_years, under_five_review_months));
}

Date review_decision_due(Date review_meeting) {
  return after(review_meeting, kReviewDecisionDeadline);
}
Date amended_plan_after_review_due(Date amendment_notice) {
  return after(amendment_notice, kAmendedPlanAfterReviewDeadline);
}

Date phase_transfer_review_deadline(PhaseTransfer kind, int calendar_year_of_transfer,
                                    Date transfer_date) {
  switch (kind) {
    case PhaseTransfer::SecondaryToPost16:
      return Date{calendar_year_of_transfer, 3, 31};
    case PhaseTransfer::Post16ToPost16:
      return transfer_date.plus_months(-5);
    case PhaseTransfer::EarlyYearsToSchool:
    case PhaseTransfer::InfantToJunior:
    case PhaseTransfer::PrimaryToMiddle:
    case PhaseTransfer::PrimaryToSecondary:
    case PhaseTransfer::MiddleToSecondary:
      break;
  }
  return Date{calendar_year_of_transfer, 2, 15};
}

Date plan_ceases_by(Date birth) {
  // The 25th birthday's month decides the academic year (September-August); a 29 February
  // birthday and its non-leap anniversary share one.
  const int year_turns_25 = birth.year + 25;
  return Date{birth.month >= 9 ? year_turns_25 + 1 : year_turns_25, 8, 31};
}

std::string_view to_string(CeaseReason reason) {
  switch (reason) {
    case CeaseReason::MaxAge: return "Max age";
    case CeaseReason::NeedsMetWithoutPlan: return "Needs met without a plan";
    case CeaseReason::HigherEducation: return "Higher education";
    case CeaseReason::PaidEmployment: return "Paid employment";
    case CeaseReason::TransferredToAnotherLa: return "Transferred to another LA";
    case CeaseReason::NoLongerEngaging: return "No longer engaging";
    case CeaseReason::MovedOutsideEngland: return "Moved outside England";
    case CeaseReason::Deceased: return "Deceased";
    case CeaseReason::Other: return "Other";
  }
  return "Unknown";
}

int sen2_code(CeaseReason reason) { return static_cast<int>(reason); }

std::optional<CeaseReason> cease_reason_from_sen2_code(int code) {
  if (code < 1 || code > 9) return std::nullopt;
  return static_cast<CeaseReason>(code);
}

bool mediation_advice_required(AppealGround ground) {
  return ground != AppealGround::PlacementOnly;
}

Date mediation_certificate_due(Date mediation_declined) {
  return add_working_days(mediation_declined, kMediationCertificateWorkingDays);
}
Date la_response_due(Date appeal_sent) {
  return add_working_days(appeal_sent, kLaResponseWorkingDays);
}

Date appeal_deadline(Date decision_letter, std::optional<Date> mediation_certificate) {
  Date deadline = decision_letter.plus_months(2);
  if (mediation_certificate) deadline = std::max(deadline, mediation_certificate->plus_months(1));
  return apply_appeal_holiday_rule(deadline);
}

Date apply_appeal_holiday_rule(Date deadline) {
  if (deadline.month == 12 && deadline.day >= 25)
    return first_working_day_from(Date{deadline.year + 1, 1, 2});
  if (deadline.month == 1 && deadline.day == 1)
    return first_working_day_from(Date{deadline.year, 1, 2});
  if (deadline.month == 8) return first_working_day_from(Date{deadline.year, 9, 1});
  return deadline;
}

OrderDeadlines order_deadlines(TribunalOrder order, Date order_made) {
  switch (order) {
    case TribunalOrder::AssessOrReassess:
      return {after(order_made, Weeks{2}), after(order_made, Weeks{10}),
              after(order_made, Weeks{14})};
    case TribunalOrder::MakeAndMaintainPlan:
      return {after(order_made, Weeks{5}), std::nullopt, after(order_made, Weeks{11})};
    case TribunalOrder::AmendContents:
      return {after(order_made, Weeks{5}), std::nullopt, std::nullopt};
    case TribunalOrder::AmendPlacementOnly:
      return {after(order_made, Weeks{2}), std::nullopt, std::nullopt};
    case TribunalOrder::DismissCeaseAppeal:
    case TribunalOrder::ContinueToMaintain:
      break;
  }
  return {order_made, std::nullopt, std::nullopt};
}

Date add_working_days(Date from, int n) {
  const int step = n < 0 ? -1 : 1;
  Date d = from;
  for (int left = n < 0 ? -n : n; left > 0;) {
    d = d.plus_days(step);
    if (!is_weekend(d)) --left;
  }
  return d;
}

int working_days_between(Date from, Date to) {
  return static_cast<int>(weekdays_before(to.days() + 1) - weekdays_before(from.days() + 1));
}

}  // namespace sendtwin::rules
