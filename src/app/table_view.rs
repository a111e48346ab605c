//! Selection, sort and filter of one table. Indices refer to the filtered, sorted rows; the
//! renderer clamps them to the rows that exist (data can shrink between frames).

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableView {
    pub selected: usize,
    /// First visible row; kept by the renderer so the selection stays in view.
    pub offset: usize,
    pub sort_column: usize,
    pub descending: bool,
    pub filter: String,
    pub editing_filter: bool,
    /// Data columns scrolled off to the left (`←`/`→`) when not all fit; the row's name stays.
    pub column_scroll: usize,
    /// The columns drawn last frame as (column, width), kept by the renderer like `offset`.
    pub shown: Vec<(usize, u16)>,
}

impl TableView {
    pub fn sorted_by(column: usize, descending: bool) -> Self {
        Self {
            sort_column: column,
            descending,
            ..Self::default()
        }
    }

    pub fn move_by(&mut self, delta: isize) {
        self.selected = self.selected.saturating_add_signed(delta);
    }

    pub fn cycle_sort(&mut self, columns: usize) {
        self.sort_column = (self.sort_column + 1) % columns.max(1);
        self.selected = 0;
    }

    /// Lower-case substring match, so typing is forgiving during an incident.
    pub fn matches(&self, text: &str) -> bool {
        self.filter.is_empty() || text.to_lowercase().contains(&self.filter.to_lowercase())
    }

    /// Clamps the selection to `rows` and scrolls so it is visible in `height` rows.
    pub fn fit(&mut self, rows: usize, height: usize) {
        self.selected = self.selected.min(rows.saturating_sub(1));
        if height == 0 {
            return;
        }
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.offset = self.offset.min(rows.saturating_sub(height));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_clamps_and_scrolls() {
        let mut view = TableView {
            selected: 50,
            ..TableView::default()
        };
        view.fit(10, 4);
        assert_eq!((view.selected, view.offset), (9, 6));
        view.selected = 0;
        view.fit(10, 4);
        assert_eq!(view.offset, 0);
        view.fit(0, 4);
        assert_eq!((view.selected, view.offset), (0, 0));
    }

    #[test]
    fn filter_is_case_insensitive() {
        let view = TableView {
            filter: "API".into(),
            ..TableView::default()
        };
        assert!(view.matches("svc api-gateway"));
        assert!(!view.matches("checkout"));
    }
}
