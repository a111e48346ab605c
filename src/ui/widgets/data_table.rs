//! One sortable, filterable table used by every tab. Only the visible rows are built, so a
//! thousand-service fleet costs the same per frame as ten.

use std::cmp::Ordering;

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Row, Table, TableState};

use crate::app::TableView;

/// A cell's sort key. Missing values sort last in either direction: they are never "best".
#[derive(Debug, Clone, PartialEq)]
pub enum SortKey {
    Text(String),
    Number(Option<f64>),
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

/// Indices of `items` that pass the filter, in the view's sort order (stable, so ties keep the
/// source's order).
pub fn ordered<T>(
    items: &[T],
    view: &TableView,
    text: impl Fn(&T) -> String,
    key: impl Fn(&T, usize) -> SortKey,
) -> Vec<usize> {
    let mut rows: Vec<(usize, SortKey)> = items
        .iter()
        .enumerate()
        .filter(|(_, item)| view.filter.is_empty() || view.matches(&text(item)))
        .map(|(i, item)| (i, key(item, view.sort_column)))
        .collect();
    rows.sort_by(|a, b| compare(&a.1, &b.1, view.descending));
    rows.into_iter().map(|(i, _)| i).collect()
}

pub struct TableStyles {
    pub header: Style,
    pub selection: Style,
    pub border: Style,
    pub title: Style,
}

pub struct DataTable<'a> {
    pub title: String,
    pub columns: &'a [&'a str],
    pub widths: &'a [Constraint],
    pub ascii: bool,
    pub styles: TableStyles,
}

impl DataTable<'_> {
    /// Renders rows `order[offset..]` that fit; `row(i)` builds the row for item `i`.
    pub fn render<'r>(
        &self,
        frame: &mut Frame,
        area: Rect,
        view: &mut TableView,
        order: &[usize],
        row: impl Fn(usize) -> Row<'r>,
    ) {
        let body_height = area.height.saturating_sub(3) as usize;
        view.fit(order.len(), body_height);
        let visible = order
            .iter()
            .skip(view.offset)
            .take(body_height)
            .map(|&i| row(i));
        let header = Row::new(
            self.columns
                .iter()
                .enumerate()
                .map(|(c, name)| self.header_cell(c, name, view)),
        )
        .style(self.styles.header);
        let mut title = vec![Span::styled(format!(" {} ", self.title), self.styles.title)];
        if !view.filter.is_empty() || view.editing_filter {
            title.push(Span::styled(
                format!("/{} ", view.filter),
                self.styles.header,
            ));
        }
        title.push(Span::styled(
            format!("{} rows ", order.len()),
            self.styles.border,
        ));
        let table = Table::new(visible, self.widths.iter().copied())
            .header(header)
            .row_highlight_style(self.styles.selection)
            .column_spacing(1)
            .block(
                Block::default()
                    .borders(Borders::ALL)
                    .border_style(self.styles.border)
                    .title(Line::from(title)),
            );
        let mut state = TableState::default()
            .with_selected((!order.is_empty()).then(|| view.selected.saturating_sub(view.offset)));
        frame.render_stateful_widget(table, area, &mut state);
    }

    fn header_cell(&self, column: usize, name: &str, view: &TableView) -> String {
        if column != view.sort_column {
            return name.to_string();
        }
        let arrow = match (self.ascii, view.descending) {
            (true, false) => "^",
            (true, true) => "v",
            (false, false) => "▲",
            (false, true) => "▼",
        };
        format!("{name}{arrow}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_numbers_sort_last_both_ways() {
        let items = [Some(3.0), None, Some(1.0), Some(f64::NAN)];
        let key = |v: &Option<f64>, _| SortKey::Number(*v);
        let mut view = TableView::default();
        assert_eq!(ordered(&items, &view, |_| String::new(), key)[..2], [2, 0]);
        view.descending = true;
        assert_eq!(ordered(&items, &view, |_| String::new(), key)[..2], [0, 2]);
    }

    #[test]
    fn filter_keeps_matching_rows() {
        let items = ["api", "auth", "search"];
        let view = TableView {
            filter: "a".into(),
            ..TableView::default()
        };
        let order = ordered(
            &items,
            &view,
            |s| (*s).to_string(),
            |s, _| SortKey::Text((*s).to_string()),
        );
        assert_eq!(order, [0, 1, 2]);
        let view = TableView {
            filter: "se".into(),
            ..TableView::default()
        };
        assert_eq!(
            ordered(
                &items,
                &view,
                |s| (*s).to_string(),
                |s, _| SortKey::Text((*s).to_string())
            ),
            [2]
        );
    }
}
