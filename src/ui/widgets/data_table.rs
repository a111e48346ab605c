//! One table widget for every typed table. Only the visible rows are built, so a
//! thousand-service fleet costs the same per frame as ten; columns that do not fit drop by
//! priority, and the title says how many more there are and which keys scroll to them.

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Row, Table, TableState};

use crate::app::TableView;
use crate::app::table::{Align, ColumnSpec, Columns};

/// Space between columns.
const GAP: u16 = 1;

/// The columns drawn at a width: `(index, width)` in display order, and how many are not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fitted {
    pub shown: Vec<(usize, u16)>,
    /// Data columns scrolled off to the left.
    pub left: usize,
    /// Columns dropped for room (by priority) to the right of the scroll position.
    pub dropped: usize,
}

/// The first column (the row's name) always. Unscrolled, the most important columns that fit
/// at their minimum width; scrolled by `s`, the columns from the `s`-th on, in display order,
/// so every column can be reached. Then each shown column grows toward its preferred width in
/// priority order; what is left stays to the right, so values sit next to their names.
pub fn fit(specs: &[ColumnSpec], width: u16, scroll: usize) -> Fitted {
    let Some(name) = specs.first() else {
        return Fitted {
            shown: Vec::new(),
            left: 0,
            dropped: 0,
        };
    };
    let scroll = scroll.min(specs.len().saturating_sub(1));
    let mut budget = width.saturating_sub(name.min);
    let mut candidates: Vec<usize> = (scroll.max(1)..specs.len()).collect();
    if scroll == 0 {
        candidates.sort_by_key(|&i| (specs[i].priority, i));
    }
    let mut chosen: Vec<usize> = Vec::new();
    for &i in &candidates {
        if specs[i].min + GAP > budget {
            if scroll == 0 {
                continue;
            }
            break;
        }
        budget -= specs[i].min + GAP;
        chosen.push(i);
    }
    let mut widths: Vec<u16> = specs.iter().map(|s| s.min).collect();
    let mut growing = chosen.clone();
    growing.sort_by_key(|&i| (specs[i].priority, i));
    for &i in std::iter::once(&0).chain(&growing) {
        let grow = specs[i].preferred.saturating_sub(specs[i].min).min(budget);
        widths[i] += grow;
        budget -= grow;
    }
    chosen.push(0);
    chosen.sort_unstable();
    Fitted {
        dropped: candidates.len() + 1 - chosen.len(),
        shown: chosen.into_iter().map(|i| (i, widths[i])).collect(),
        left: scroll.saturating_sub(1),
    }
}

/// The specs with widths from the cells shown: a number is never cut, so its column is at
/// least as wide as its widest value; text grows to its widest value, up to `preferred`.
pub fn sized(specs: Vec<ColumnSpec>, cells: &[Vec<Line>]) -> Vec<ColumnSpec> {
    specs
        .into_iter()
        .enumerate()
        .map(|(i, spec)| {
            let need = cells
                .iter()
                .filter_map(|row| row.get(i))
                .map(|line| u16::try_from(line.width()).unwrap_or(u16::MAX))
                .max()
                .unwrap_or(0);
            match spec.align {
                Align::Right => ColumnSpec {
                    min: spec.min.max(need),
                    preferred: spec.min.max(need),
                    ..spec
                },
                Align::Left => ColumnSpec {
                    preferred: spec.min.max(need.min(spec.preferred)),
                    ..spec
                },
            }
        })
        .collect()
}

/// The largest useful scroll at a width: none when everything fits, else the first at which
/// the last column shows.
pub fn max_scroll(specs: &[ColumnSpec], width: u16) -> usize {
    (0..specs.len())
        .find(|&s| fit(specs, width, s).dropped == 0)
        .unwrap_or(0)
}

pub struct TableStyles {
    pub header: Style,
    pub selection: Style,
    pub border: Style,
    pub title: Style,
}

pub struct DataTable {
    pub title: String,
    pub ascii: bool,
    pub styles: TableStyles,
    /// The keys that scroll columns ("←/→"), named in the title when columns are hidden.
    pub scroll_keys: String,
}

impl DataTable {
    /// Draws rows `order[offset..]` that fit; `cell(column, row)` builds one cell.
    pub fn render<'r, C: Columns>(
        &self,
        frame: &mut Frame,
        area: Rect,
        view: &mut TableView,
        rows: &'r [C::Row],
        order: &[usize],
        cell: impl Fn(C, &'r C::Row) -> Line<'r>,
    ) {
        let body_height = area.height.saturating_sub(3) as usize;
        view.fit(order.len(), body_height);
        // Only the visible rows are built; their cells decide how wide a column must be.
        let cells: Vec<Vec<Line<'r>>> = order
            .iter()
            .skip(view.offset)
            .take(body_height)
            .map(|&r| C::ALL.iter().map(|&c| cell(c, &rows[r])).collect())
            .collect();
        let specs = sized(C::specs(), &cells);
        let inner_width = area.width.saturating_sub(2);
        view.column_scroll = view.column_scroll.min(max_scroll(&specs, inner_width));
        let fitted = fit(&specs, inner_width, view.column_scroll);
        view.shown.clone_from(&fitted.shown);
        let aligned = |line: Line<'r>, i: usize| match specs[i].align {
            Align::Left => line,
            Align::Right => line.alignment(Alignment::Right),
        };
        let visible = cells.into_iter().map(|mut row| {
            Row::new(
                fitted
                    .shown
                    .iter()
                    .map(|&(i, _)| aligned(std::mem::take(&mut row[i]), i))
                    .collect::<Vec<_>>(),
            )
        });
        let header = Row::new(fitted.shown.iter().map(|&(i, width)| {
            aligned(Line::from(self.header_cell(&specs[i], i, width, view)), i)
        }))
        .style(self.styles.header);
        let table = Table::new(
            visible,
            fitted.shown.iter().map(|&(_, w)| Constraint::Length(w)),
        )
        .header(header)
        .row_highlight_style(self.styles.selection)
        .column_spacing(GAP)
        .block(
            Block::default()
                .borders(Borders::ALL)
                .border_style(self.styles.border)
                .title(self.title_line(view, order.len()))
                .title(self.hidden_line(&specs, &fitted, view)),
        );
        let mut state = TableState::default()
            .with_selected((!order.is_empty()).then(|| view.selected.saturating_sub(view.offset)));
        frame.render_stateful_widget(table, area, &mut state);
    }

    fn arrow(&self, descending: bool) -> &'static str {
        match (self.ascii, descending) {
            (true, false) => "^",
            (true, true) => "v",
            (false, false) => "▲",
            (false, true) => "▼",
        }
    }

    fn header_cell(&self, spec: &ColumnSpec, i: usize, width: u16, view: &TableView) -> String {
        let sorted = i == view.sort_column;
        let room = usize::from(width).saturating_sub(usize::from(sorted));
        let title = if spec.title.chars().count() <= room {
            spec.title
        } else {
            spec.short
        };
        if sorted {
            format!("{title}{}", self.arrow(view.descending))
        } else {
            title.to_string()
        }
    }

    fn title_line(&self, view: &TableView, rows: usize) -> Line<'static> {
        let mut title = vec![Span::styled(format!(" {} ", self.title), self.styles.title)];
        if !view.filter.is_empty() || view.editing_filter {
            title.push(Span::styled(
                format!("/{} ", view.filter),
                self.styles.header,
            ));
        }
        title.push(Span::styled(format!("{rows} rows "), self.styles.border));
        Line::from(title)
    }

    /// On the right of the border, so a long title never hides it: how many columns are not
    /// shown, the keys that reach them, and the sort when its column is one of them.
    fn hidden_line(
        &self,
        specs: &[ColumnSpec],
        fitted: &Fitted,
        view: &TableView,
    ) -> Line<'static> {
        let hidden = fitted.left + fitted.dropped;
        if hidden == 0 {
            return Line::default();
        }
        let sort_hidden = !fitted.shown.iter().any(|&(i, _)| i == view.sort_column);
        let sorted = specs
            .get(view.sort_column)
            .filter(|_| sort_hidden)
            .map(|s| format!("by {}{} ", s.title, self.arrow(view.descending)))
            .unwrap_or_default();
        Line::styled(
            format!(" {sorted}+{hidden} cols {} ", self.scroll_keys),
            self.styles.header,
        )
        .right_aligned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_never_cut_and_text_grows_only_as_far_as_it_needs() {
        let cells = vec![vec![
            Line::from("api"),
            Line::from("11,120 req/s"),
            Line::from("5"),
            Line::from("7"),
        ]];
        let sized = sized(SPECS.to_vec(), &cells);
        assert_eq!((sized[0].min, sized[0].preferred), (10, 10));
        assert_eq!((sized[1].min, sized[1].preferred), (12, 12));
        assert_eq!((sized[2].min, sized[2].preferred), (8, 8));
    }

    const SPECS: [ColumnSpec; 4] = [
        ColumnSpec::text("name", "name", 0, 10, 20),
        ColumnSpec::number("low", "lo", 3, 8),
        ColumnSpec::number("key", "k", 1, 8),
        ColumnSpec::number("mid", "m", 2, 8),
    ];

    #[test]
    fn everything_fits_wide_and_the_name_grows_to_its_preferred_width() {
        let fitted = fit(&SPECS, 60, 0);
        assert_eq!(fitted.shown, [(0, 20), (1, 8), (2, 8), (3, 8)]);
        assert_eq!((fitted.left, fitted.dropped), (0, 0));
    }

    #[test]
    fn narrow_drops_the_least_important_first_and_keeps_display_order() {
        // 10 + (8+1) + (8+1) = 28: the priority-3 column does not fit; the name grows by 2.
        let fitted = fit(&SPECS, 30, 0);
        assert_eq!(fitted.shown, [(0, 12), (2, 8), (3, 8)]);
        assert_eq!(fitted.dropped, 1);
        // Scrolled, columns follow in display order from the scroll position, so the dropped
        // one can be reached: first "low" and "key", then "key" and "mid".
        let scrolled = fit(&SPECS, 30, 1);
        assert_eq!((scrolled.left, scrolled.dropped), (0, 1));
        assert_eq!(scrolled.shown, [(0, 12), (1, 8), (2, 8)]);
        assert_eq!(max_scroll(&SPECS, 30), 2);
        let last = fit(&SPECS, 30, 2);
        assert_eq!((last.left, last.dropped), (1, 0));
        assert_eq!(last.shown, [(0, 12), (2, 8), (3, 8)]);
    }

    #[test]
    fn a_terminal_too_narrow_for_any_data_column_still_shows_the_name() {
        let fitted = fit(&SPECS, 12, 0);
        assert_eq!(fitted.shown, [(0, 12)]);
        assert_eq!(fitted.dropped, 3);
    }
}
