//! The cloud's own budgets (Azure's Consumption Budgets) under the headline, each against the
//! configured monthly budget that the figures above use; none found, or why they are unknown.

use ratatui::text::Line;

use super::{figure_span, muted};
use crate::domain::CostView;
use crate::domain::cost_budget::Standing;
use crate::ui::RenderContext;
use crate::ui::format;

/// Budgets shown on the tab; the JSON snapshot has them all.
const SHOWN: usize = 3;

/// "Azure budget team-monthly $7,000 monthly, $3,150 spent by its count (45.0%); differs from
/// the configured $6,600 budget, which the figures here use", then how many more.
pub fn lines(cost: &CostView, context: &RenderContext) -> Vec<Line<'static>> {
    let Some(found) = &cost.cloud_budgets else {
        return Vec::new();
    };
    let configured = format::money(Some(cost.monthly_budget));
    if let Some(error) = &found.error {
        let text = format!("{} budgets unknown: {error}", found.cloud);
        return vec![Line::from(muted(text, context))];
    }
    if found.budgets.is_empty() {
        let text = format!(
            "No {} budget at this scope; the figures use the configured {configured} budget",
            found.cloud
        );
        return vec![Line::from(muted(text, context))];
    }
    let mut lines: Vec<Line<'static>> = found
        .budgets
        .iter()
        .take(SHOWN)
        .map(|budget| {
            let spent = budget.spent.map_or_else(String::new, |spent| {
                format!(
                    ", {} spent by its count ({})",
                    format::money(Some(spent)),
                    format::percent(budget.spent_percent())
                )
            });
            let standing = match budget.standing(cost.monthly_budget) {
                Standing::Matches => format!("the configured {configured} budget"),
                Standing::Differs => format!(
                    "differs from the configured {configured} budget, which the figures here use"
                ),
                Standing::NotComparable(why) => format!("not compared: {why}"),
            };
            Line::from(vec![
                muted(format!("{} budget ", found.cloud), context),
                figure_span(format!("{} ", budget.name), context),
                muted(
                    format!(
                        "{} {}{spent}; {standing}",
                        format::money(Some(budget.amount)),
                        budget.time_grain.to_lowercase(),
                    ),
                    context,
                ),
            ])
        })
        .collect();
    let more = found.budgets.len().saturating_sub(SHOWN);
    if more > 0 {
        lines.push(Line::from(muted(
            format!("(+{more} more budgets)"),
            context,
        )));
    }
    lines
}
