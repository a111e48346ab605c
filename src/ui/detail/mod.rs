//! A row's detail view, drawn in place of its tab's body: the path (`Scaling › web`), whether
//! the data is current, then the document scrolled, only the visible part drawn. Charts share
//! the view's cursor and the tab's chart range.

mod chart;
pub mod lines;

pub use chart::summary as chart_summary;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::RenderContext;
use super::format;
use super::layout::split_rows;
use super::theme::Role;
use crate::app::AppState;
use crate::app::detail::DetailView;
use lines::Piece;

pub fn render(frame: &mut Frame, area: Rect, state: &mut AppState, context: &RenderContext) {
    let stale = state.data.stale_for(state.tab, state.now);
    let range = state.chart_range;
    let Some(view) = state.detail.as_mut() else {
        return;
    };
    let (head, body) = split_rows(area, 1);
    frame.render_widget(
        Paragraph::new(title(view, stale, range.label(), context)),
        head,
    );
    let body = match &view.missing {
        Some((missing, since)) => {
            let text = match view.document {
                Some(_) => format!(
                    "{} is not in the latest data since {}: {missing}. Showing it as it was.",
                    view.subject,
                    format::clock(*since)
                ),
                None => format!("{}: {missing}", view.subject),
            };
            let banner = Paragraph::new(text)
                .style(context.style(Role::Warning))
                .wrap(Wrap { trim: true });
            let height = u16::try_from(banner.line_count(body.width)).unwrap_or(1);
            let (top, rest) = split_rows(body, height);
            frame.render_widget(banner, top);
            rest
        }
        None => body,
    };
    let Some(document) = &view.document else {
        return;
    };
    let pieces = lines::pieces(document, body.width, context);
    let height = |p: &Piece| match p {
        Piece::Line(_) => 1,
        Piece::Chart(_) => chart::HEIGHT,
    };
    let total: u16 = pieces.iter().map(height).fold(0, u16::saturating_add);
    view.scroll = view.scroll.min(total.saturating_sub(body.height));
    let (scroll, cursor) = (view.scroll, view.cursor);
    let mut y: u16 = 0;
    for piece in &pieces {
        let (top, h) = (y, height(piece));
        y = y.saturating_add(h);
        if top + h <= scroll {
            continue;
        }
        if top >= scroll + body.height {
            break;
        }
        match piece {
            Piece::Line(line) => {
                let row = Rect {
                    y: body.y + top - scroll,
                    height: 1,
                    ..body
                };
                frame.render_widget(Paragraph::new(line.clone()), row);
            }
            Piece::Chart(c) => {
                // Drawn whole off screen, then its visible rows copied: a chart half scrolled
                // out still reads right.
                let own = Rect::new(0, 0, body.width, chart::HEIGHT);
                let mut buf = Buffer::empty(own);
                chart::draw(
                    c,
                    own,
                    &mut buf,
                    range.span(),
                    range.label(),
                    cursor,
                    context,
                );
                for row in 0..chart::HEIGHT {
                    let Some(screen) = (top + row).checked_sub(scroll) else {
                        continue;
                    };
                    if screen >= body.height {
                        break;
                    }
                    for x in 0..body.width {
                        frame.buffer_mut()[(body.x + x, body.y + screen)] = buf[(x, row)].clone();
                    }
                }
            }
        }
    }
}

fn title(view: &DetailView, stale: bool, range: &str, context: &RenderContext) -> Line<'static> {
    let mut spans = vec![Span::styled(
        view.path(),
        context.style(Role::Accent).add_modifier(Modifier::BOLD),
    )];
    spans.push(Span::styled(
        format!("  {} · charts last {range}", view.subject.kind.name()),
        context.style(Role::Muted),
    ));
    if stale {
        spans.push(Span::styled("  STALE", context.style(Role::Stale)));
    }
    if view.document.is_none() && view.missing.is_none() {
        spans.push(Span::styled("  loading…", context.style(Role::Muted)));
    }
    Line::from(spans)
}
