//! The phase and the week's activity when their panels do not fit below the criteria (80×24
//! and the like): the most pressing lines that fit, in reading order, and how many more a
//! taller terminal shows.

use chrono_tz::Tz;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::{activity, phase};
use crate::domain::checkpoint::WeeklyReport;
use crate::ui::RenderContext;
use crate::ui::theme::Role;

pub fn render(
    frame: &mut Frame,
    area: Rect,
    report: &WeeklyReport,
    tz: Tz,
    context: &RenderContext,
) {
    let width = usize::from(area.width);
    // (rank, line) in reading order: the phase, then the week; lower ranks matter more.
    let mut ranked: Vec<(u8, Line)> = match &report.phase {
        Some(status) => {
            let mut lines = vec![(0, phase::headline(status, width, context))];
            lines.extend(phase::pressing(status, context));
            lines
        }
        None => vec![(7, Line::styled(phase::NO_PLAN, context.style(Role::Muted)))],
    };
    ranked.extend(activity::compact(report, tz, area.width, context));
    let lines = shown(ranked, area, context);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), area);
}

/// Rows `line` takes wrapped to `width`: a step's unmet criteria are never cut.
fn height(line: &Line, width: u16) -> u16 {
    let rows = Paragraph::new(line.clone())
        .wrap(Wrap { trim: false })
        .line_count(width);
    u16::try_from(rows).unwrap_or(u16::MAX)
}

/// All the lines when they fit; else the best-ranked that do (ties: the earlier), in reading
/// order, and a last line saying how many are left out.
fn shown<'a>(ranked: Vec<(u8, Line<'a>)>, area: Rect, context: &RenderContext) -> Vec<Line<'a>> {
    let heights: Vec<u16> = ranked.iter().map(|(_, l)| height(l, area.width)).collect();
    if heights.iter().sum::<u16>() <= area.height {
        return ranked.into_iter().map(|(_, line)| line).collect();
    }
    let mut by_rank: Vec<usize> = (0..ranked.len()).collect();
    by_rank.sort_by_key(|&i| (ranked[i].0, i));
    let mut room = area.height.saturating_sub(1);
    let mut kept = vec![false; ranked.len()];
    for i in by_rank {
        if heights[i] <= room {
            room -= heights[i];
            kept[i] = true;
        }
    }
    let left_out = kept.iter().filter(|k| !**k).count();
    let mut lines: Vec<Line> = ranked
        .into_iter()
        .zip(kept)
        .filter_map(|((_, line), kept)| kept.then_some(line))
        .collect();
    lines.push(Line::styled(
        format!(
            "+{left_out} more line{}: a taller terminal shows the phase and the week in full",
            if left_out == 1 { "" } else { "s" }
        ),
        context.style(Role::Muted),
    ));
    lines
}
