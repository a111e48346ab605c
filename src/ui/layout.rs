//! Screen regions.
//!
//! ```text
//! ┌──────────────────────────────────────────────────────────────────────────────┐
//! │ DEMO demo  1 Scaling  2 Latency  3 Cost  4 Security  5 Readiness  sim 2s 14:32:05 UTC │ header
//! │ ! config.toml:3:1: unknown field … (built-in defaults in use)                 │ warnings (0–3 rows)
//! │                                                                              │
//! │ active tab                                                                   │ body
//! │                                                                              │
//! │ ? help  tab next tab  / filter  s sort  [ ] range  q quit                    │ footer
//! └──────────────────────────────────────────────────────────────────────────────┘
//! ```

use ratatui::layout::{Constraint, Layout, Rect};

/// Below this the console shows "terminal too small" instead of clipped, misleading tables.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;
const MAX_WARNING_ROWS: u16 = 3;

pub struct Regions {
    pub header: Rect,
    pub warnings: Rect,
    pub body: Rect,
    pub footer: Rect,
}

impl Regions {
    pub fn new(area: Rect, warnings: usize) -> Self {
        let warning_rows = u16::try_from(warnings)
            .unwrap_or(u16::MAX)
            .min(MAX_WARNING_ROWS);
        let [header, warnings, body, footer] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(warning_rows),
            Constraint::Min(0),
            Constraint::Length(1),
        ])
        .areas(area);
        Self {
            header,
            warnings,
            body,
            footer,
        }
    }
}

/// Splits `area` into a top part of `top` rows (at most half) and the rest.
pub fn split_top(area: Rect, top: u16) -> (Rect, Rect) {
    let top = top.min(area.height / 2 + area.height % 2);
    let [a, b] = Layout::vertical([Constraint::Length(top), Constraint::Min(0)]).areas(area);
    (a, b)
}

/// Splits `area` into its first `rows` rows (as many as it has, unlike `split_top`) and the
/// rest, for views that give space in order of priority.
pub fn split_rows(area: Rect, rows: u16) -> (Rect, Rect) {
    let rows = rows.min(area.height);
    let rest = Rect {
        y: area.y + rows,
        height: area.height - rows,
        ..area
    };
    (
        Rect {
            height: rows,
            ..area
        },
        rest,
    )
}

/// Splits `area` side by side, the left getting `percent` of the width.
pub fn split_left(area: Rect, percent: u16) -> (Rect, Rect) {
    let [a, b] =
        Layout::horizontal([Constraint::Percentage(percent), Constraint::Min(0)]).areas(area);
    (a, b)
}
