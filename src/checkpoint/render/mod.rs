//! The weekly report as a reader gets it: Markdown for a wiki page, one self-contained HTML file
//! to attach to a review, and JSON for tools. All three show the same figures, formatted by
//! `domain::checkpoint::format`; a missing value is always "—" with its reason, never 0 and never healthy.

mod escape;
mod html;
mod markdown;

pub use html::html;
pub use markdown::markdown;

use crate::domain::checkpoint::WeeklyReport;

/// The report as serde writes it, in the structure's field order, ending with a newline; it
/// reads back into an equal report.
pub fn json(report: &WeeklyReport) -> String {
    let mut text = serde_json::to_string_pretty(report).unwrap_or_else(|error| {
        // The report holds only strings, numbers, booleans and lists, so this does not happen;
        // if it ever did, a reader still gets JSON saying why.
        serde_json::json!({ "error": format!("cannot write the report as JSON: {error}") })
            .to_string()
    });
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::checkpoint::fixtures;

    #[test]
    fn json_round_trips_and_ends_with_a_newline() {
        let mut report = fixtures::report();
        // Computed figures, not short decimals: every bit must survive the trip.
        report.criteria[0].delta = Some(0.1 + 0.2 - 0.3);
        report.criteria[1].this_week = Some(2.0_f64.sqrt() * 1e-5);
        let text = json(&report);
        assert!(text.ends_with("}\n"), "{text}");
        let back: WeeklyReport = serde_json::from_str(&text).expect("the JSON reads back");
        assert_eq!(back, report);
    }

    #[test]
    fn json_keeps_the_structure_field_order_and_unknown_as_null() {
        let text = json(&fixtures::report());
        let keys = [
            "\"schema\"",
            "\"week\"",
            "\"timezone\"",
            "\"from\"",
            "\"summary\"",
            "\"alerts\"",
        ];
        let positions: Vec<usize> = keys
            .iter()
            .map(|k| text.find(k).unwrap_or_else(|| panic!("{k} missing")))
            .collect();
        assert!(positions.is_sorted(), "field order {positions:?}");
        let unknown = fixtures::report()
            .criteria
            .into_iter()
            .find(|c| c.this_week.is_none())
            .expect("the fixture has an unknown criterion");
        let at = text
            .find(&format!("\"name\": \"{}\"", unknown.name))
            .expect("its entry");
        let entry = &text[at..];
        assert!(
            entry.contains("\"this_week\": null"),
            "unknown is null, not 0"
        );
    }
}
