//! A budget the cloud keeps itself (Azure's Consumption Budgets), shown beside the configured
//! `monthly-budget`. The console's figures (budget used, forecast vs budget, the checkpoint)
//! always use the configured budget, the same on every cloud; a cloud budget is compared with
//! it and the difference said plainly, never silently swapped in.

use serde::Serialize;

/// What a source that reads the cloud's budgets found: them, or why it could not say.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CloudBudgets {
    /// Whose, as shown ("Azure").
    pub cloud: String,
    /// Comparable ones first ([`CloudBudgets::new`]).
    pub budgets: Vec<CloudBudget>,
    /// Why the list is missing (it is empty then): unknown, not "no budgets".
    pub error: Option<String>,
}

impl CloudBudgets {
    pub fn new(cloud: &str, found: Result<Vec<CloudBudget>, String>) -> Self {
        let (mut budgets, error) = match found {
            Ok(budgets) => (budgets, None),
            Err(why) => (Vec::new(), Some(why)),
        };
        // Comparable budgets first, then by name: the ones that speak to this month lead.
        budgets.sort_by(|a, b| {
            (a.not_comparable.is_some(), &a.name).cmp(&(b.not_comparable.is_some(), &b.name))
        });
        Self {
            cloud: cloud.to_string(),
            budgets,
            error,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CloudBudget {
    pub name: String,
    /// Per `time_grain`.
    pub amount: f64,
    /// The cloud's word for the budget's period ("Monthly", "Quarterly", …).
    pub time_grain: String,
    /// What the cloud counts as spent in the budget's current period (its own figure, which
    /// may lag or count differently from the month to date); `None` when it gives none.
    pub spent: Option<f64>,
    /// Why it cannot stand for the calendar month's budget (another period, a filter, another
    /// currency, not active today); `None` when it can.
    pub not_comparable: Option<String>,
}

impl CloudBudget {
    /// The cloud's spent figure as a share of its amount, in percent; unknown without both.
    pub fn spent_percent(&self) -> Option<f64> {
        let spent = self.spent?;
        (self.amount > 0.0 && spent.is_finite()).then(|| spent / self.amount * 100.0)
    }

    /// How it stands against the configured monthly budget (equal to the cent, or not).
    pub fn standing(&self, configured: f64) -> Standing<'_> {
        match &self.not_comparable {
            Some(why) => Standing::NotComparable(why),
            None if (self.amount - configured).abs() < 0.005 => Standing::Matches,
            None => Standing::Differs,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing<'a> {
    Matches,
    /// The figures keep using the configured budget: said next to the cloud's.
    Differs,
    NotComparable(&'a str),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn budget(name: &str, amount: f64, spent: Option<f64>, why: Option<&str>) -> CloudBudget {
        CloudBudget {
            name: name.into(),
            amount,
            time_grain: "Monthly".into(),
            spent,
            not_comparable: why.map(String::from),
        }
    }

    #[test]
    fn a_budget_matches_the_configured_one_only_when_comparable_and_equal() {
        let standing =
            |amount| budget("a", amount, None, None).standing(6_600.0) == Standing::Matches;
        assert!(standing(6_600.0));
        assert!(standing(6_600.004), "to the cent");
        assert_eq!(
            budget("a", 7_000.0, None, None).standing(6_600.0),
            Standing::Differs
        );
        let quarterly = budget("a", 6_600.0, None, Some("quarterly"));
        assert_eq!(
            quarterly.standing(6_600.0),
            Standing::NotComparable("quarterly")
        );
    }

    #[test]
    fn spent_is_a_share_of_the_amount_or_unknown() {
        // 3,150 of 7,000 = 45 %.
        assert_eq!(
            budget("a", 7_000.0, Some(3_150.0), None).spent_percent(),
            Some(45.0)
        );
        assert_eq!(budget("a", 7_000.0, None, None).spent_percent(), None);
        assert_eq!(budget("a", 0.0, Some(1.0), None).spent_percent(), None);
    }

    #[test]
    fn comparable_budgets_come_first_and_a_failed_list_is_unknown() {
        let found = vec![
            budget("b", 1.0, None, Some("quarterly")),
            budget("z", 1.0, None, None),
            budget("a", 1.0, None, Some("filtered")),
        ];
        let budgets = CloudBudgets::new("Azure", Ok(found));
        let names: Vec<&str> = budgets.budgets.iter().map(|b| b.name.as_str()).collect();
        assert_eq!(names, ["z", "a", "b"]);
        let failed = CloudBudgets::new("Azure", Err("403".into()));
        assert_eq!(
            (failed.budgets.len(), failed.error),
            (0, Some("403".into()))
        );
    }
}
