//! Drawing only. Reads `AppState`, mutates nothing but scroll positions (tables, the help),
//! never does I/O. Every view is `render(frame, area, state, context)`; see `layout` for the
//! screen map.

pub mod ascii;
pub mod detail;
pub mod format;
pub mod header;
pub mod layout;
pub mod overlays;
pub mod tabs;
pub mod theme;
pub mod widgets;

mod footer;

use ratatui::Frame;
use ratatui::layout::Alignment;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use crate::app::AppState;
use crate::domain::{Health, PanelReading};
use crate::input::keymap::Keymap;
use theme::{Role, Theme};

/// What every view needs besides the state: colours, keys and terminal capabilities.
pub struct RenderContext<'a> {
    pub theme: &'a Theme,
    pub keymap: &'a Keymap,
    /// Plain ASCII charts for terminals or fonts without braille and block glyphs.
    pub ascii: bool,
}

impl RenderContext<'_> {
    pub fn style(&self, role: Role) -> ratatui::style::Style {
        self.theme.style(role)
    }

    /// A judged value: in the state's colour, and where the theme has no colours, followed by
    /// a mark (`!!` critical, `!` warning) so the state never rests on colour alone.
    pub fn judged<'t>(&self, text: impl Into<String>, health: Health) -> Line<'t> {
        let mark = match health {
            Health::Critical if self.theme.colourless() => "!!",
            Health::Warning if self.theme.colourless() => "!",
            _ => "",
        };
        Line::styled(format!("{}{mark}", text.into()), self.health(health))
    }

    pub fn health(&self, health: Health) -> ratatui::style::Style {
        self.style(match health {
            Health::Ok => Role::Ok,
            Health::Warning => Role::Warning,
            Health::Critical => Role::Critical,
            Health::Unknown => Role::Unknown,
        })
    }
}

/// The whole screen; with `context.ascii`, folded to plain ASCII once drawn (`ascii::fold`).
pub fn render(frame: &mut Frame, state: &mut AppState, context: &RenderContext) {
    draw(frame, state, context);
    if context.ascii {
        ascii::fold(frame.buffer_mut());
    }
}

/// The whole screen as the views draw it, before the ASCII fold.
pub fn draw(frame: &mut Frame, state: &mut AppState, context: &RenderContext) {
    let area = frame.area();
    if area.width < layout::MIN_WIDTH || area.height < layout::MIN_HEIGHT {
        let text = format!(
            "terminal too small ({}x{}); need {}x{}",
            area.width,
            area.height,
            layout::MIN_WIDTH,
            layout::MIN_HEIGHT
        );
        let message = Paragraph::new(Line::from(text))
            .style(context.style(Role::Warning))
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true });
        frame.render_widget(message, area);
        return;
    }
    let regions = layout::Regions::new(area, state.warnings.len());
    header::render(frame, regions.header, state, context);
    if regions.warnings.height > 0 {
        let lines: Vec<Line> = state
            .warnings
            .iter()
            .map(|w| Line::from(format!("! {w}")))
            .collect();
        frame.render_widget(
            Paragraph::new(lines).style(context.style(Role::Warning)),
            regions.warnings,
        );
    }
    if state.detail.is_some() {
        detail::render(frame, regions.body, state, context);
    } else {
        tabs::render(frame, regions.body, state, context);
    }
    footer::render(frame, regions.footer, state, context);
    overlays::render(frame, regions.body, state, context);
    overlays::runbook_flow::render(frame, regions.body, state, context);
}

/// A panel's value in its unit, for the inspect view and the panel strip.
pub fn panel_text(panel: &PanelReading, value: f64) -> String {
    panel.unit.text(Some(value))
}
