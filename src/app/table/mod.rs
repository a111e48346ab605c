//! Typed tables. Each table of each tab is declared once here as an enum of its columns (as
//! bottom and trippy do): title, short title, priority, widths, alignment, sort key, and the
//! row's identity. `app` owns ordering, filtering, selection and the selected row's identity;
//! `ui` only turns a column of a row into a cell.

mod checkpoint;
mod checkpoint_activity;
mod cost;
mod data_tier;
mod findings;
mod latency;
mod readiness;
mod scaling;
mod scaling_event;
mod secondary;
mod security;
mod selection;

use std::cmp::Ordering;

pub use checkpoint::CriterionColumn;
pub use checkpoint_activity::RunColumn;
pub use cost::CostColumn;
pub use data_tier::{TierColumn, TierRow};
pub use findings::FindingColumn;
pub use latency::ServiceColumn;
pub use readiness::CheckColumn;
pub use scaling::GroupColumn;
pub use scaling_event::EventColumn;
pub use secondary::Secondary;
pub use security::CertificateColumn;
pub use selection::{
    column_count, default_sort, focused_column_count, selected_row, selected_subject,
};

use super::TableView;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Right,
}

/// Everything about a column but how its cells look.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnSpec {
    pub title: &'static str,
    /// Used when the column gets less than its title's width.
    pub short: &'static str,
    /// 0 is the row's name and always shown; when columns do not fit, the highest number goes
    /// first.
    pub priority: u8,
    pub min: u16,
    pub preferred: u16,
    pub align: Align,
}

impl ColumnSpec {
    /// A column that shows a number: right-aligned, so digits line up.
    pub const fn number(title: &'static str, short: &'static str, priority: u8, min: u16) -> Self {
        Self {
            title,
            short,
            priority,
            min,
            preferred: min,
            align: Align::Right,
        }
    }

    /// A column of text: left-aligned, growing to `preferred` when there is room.
    pub const fn text(
        title: &'static str,
        short: &'static str,
        priority: u8,
        min: u16,
        preferred: u16,
    ) -> Self {
        Self {
            title,
            short,
            priority,
            min,
            preferred,
            align: Align::Left,
        }
    }
}

/// A cell's sort key. Missing values sort last in either direction: they are never "best".
#[derive(Debug, Clone, PartialEq)]
pub enum SortKey {
    Text(String),
    Number(Option<f64>),
}

impl SortKey {
    /// A rank where 0 sorts first ascending (problems first).
    pub fn rank(rank: usize) -> Self {
        Self::Number(Some(f64::from(u32::try_from(rank).unwrap_or(u32::MAX))))
    }
}

/// The columns of one table, in display order.
pub trait Columns: Copy + Eq + 'static {
    type Row;
    /// In display order; the first names the row and is always shown.
    const ALL: &'static [Self];
    /// (column, descending) the table starts with: the order that answers the tab's question.
    const DEFAULT_SORT: (Self, bool);

    fn spec(self) -> ColumnSpec;
    fn sort_key(self, row: &Self::Row) -> SortKey;
    /// What runbooks and detail views act on: unique within the table.
    fn id(row: &Self::Row) -> String;

    /// What the filter matches.
    fn filter_text(row: &Self::Row) -> String {
        Self::id(row)
    }

    fn index(self) -> usize {
        Self::ALL.iter().position(|c| *c == self).unwrap_or(0)
    }

    fn specs() -> Vec<ColumnSpec> {
        Self::ALL.iter().map(|c| c.spec()).collect()
    }
}

fn compare(a: &SortKey, b: &SortKey, descending: bool) -> Ordering {
    let directed = |o: Ordering| if descending { o.reverse() } else { o };
    match (a, b) {
        (SortKey::Text(a), SortKey::Text(b)) => directed(a.cmp(b)),
        (SortKey::Number(a), SortKey::Number(b)) => {
            match (a.filter(|v| !v.is_nan()), b.filter(|v| !v.is_nan())) {
                (Some(a), Some(b)) => directed(a.total_cmp(&b)),
                (Some(_), None) => Ordering::Less,
                (None, Some(_)) => Ordering::Greater,
                (None, None) => Ordering::Equal,
            }
        }
        (SortKey::Text(_), SortKey::Number(_)) => Ordering::Less,
        (SortKey::Number(_), SortKey::Text(_)) => Ordering::Greater,
    }
}

/// Indices of `rows` that pass the filter, in the view's sort order (stable, so ties keep the
/// source's order).
pub fn order<C: Columns>(rows: &[C::Row], view: &TableView) -> Vec<usize> {
    let column = C::ALL.get(view.sort_column).copied().unwrap_or(C::ALL[0]);
    let mut keyed: Vec<(usize, SortKey)> = rows
        .iter()
        .enumerate()
        .filter(|(_, row)| view.filter.is_empty() || view.matches(&C::filter_text(row)))
        .map(|(i, row)| (i, column.sort_key(row)))
        .collect();
    keyed.sort_by(|a, b| compare(&a.1, &b.1, view.descending));
    keyed.into_iter().map(|(i, _)| i).collect()
}

/// The row the selection is on, clamped to the rows there are (data can shrink between polls).
pub fn selected<'a, C: Columns>(rows: &'a [C::Row], view: &TableView) -> Option<&'a C::Row> {
    let order = order::<C>(rows, view);
    let at = view.selected.min(order.len().checked_sub(1)?);
    order.get(at).map(|&i| &rows[i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Probe {
        Name,
        Value,
    }

    impl Columns for Probe {
        type Row = (&'static str, Option<f64>);
        const ALL: &'static [Self] = &[Self::Name, Self::Value];
        const DEFAULT_SORT: (Self, bool) = (Self::Name, false);

        fn spec(self) -> ColumnSpec {
            ColumnSpec::number("value", "v", 1, 5)
        }

        fn sort_key(self, row: &Self::Row) -> SortKey {
            match self {
                Self::Name => SortKey::Text(row.0.to_string()),
                Self::Value => SortKey::Number(row.1),
            }
        }

        fn id(row: &Self::Row) -> String {
            row.0.to_string()
        }
    }

    const ROWS: [(&str, Option<f64>); 4] = [
        ("api", Some(3.0)),
        ("auth", None),
        ("search", Some(1.0)),
        ("web", Some(f64::NAN)),
    ];

    #[test]
    fn missing_numbers_sort_last_both_ways() {
        let mut view = TableView::sorted_by(1, false);
        assert_eq!(order::<Probe>(&ROWS, &view)[..2], [2, 0]);
        view.descending = true;
        assert_eq!(order::<Probe>(&ROWS, &view)[..2], [0, 2]);
    }

    #[test]
    fn the_filter_keeps_matching_rows_and_the_selection_names_one_of_them() {
        let mut view = TableView {
            filter: "SE".into(),
            ..TableView::default()
        };
        assert_eq!(order::<Probe>(&ROWS, &view), [2]);
        view.selected = 7;
        assert_eq!(
            selected::<Probe>(&ROWS, &view).map(Probe::id).as_deref(),
            Some("search")
        );
        view.filter = "nothing".into();
        assert_eq!(selected::<Probe>(&ROWS, &view), None);
    }
}
