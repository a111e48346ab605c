//! Security Hub findings on the Security tab: active findings counted by severity and workflow
//! status, beside the typed table of the most severe open ones.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::second_table;
use crate::app::table::{FindingColumn, Secondary};
use crate::domain::{Finding, Findings, Severity, WorkflowStatus};
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::theme::Role;

/// The severity column of the count grid; each status column is its name and a space wide.
const NAME_WIDTH: usize = 9;

/// Rows the panel wants: the count grid (a header and a row per severity) or the table,
/// whichever is taller, inside borders.
pub fn height(findings: &Findings) -> u16 {
    let rows = (findings.top.len() + 1).max(Severity::ALL.len() + 1);
    u16::try_from(rows + 2).unwrap_or(u16::MAX)
}

fn grid_width() -> u16 {
    let statuses: usize = WorkflowStatus::ALL.iter().map(|w| w.name().len() + 1).sum();
    u16::try_from(NAME_WIDTH + statuses + 2).unwrap_or(u16::MAX)
}

pub fn render(
    frame: &mut Frame,
    area: Rect,
    findings: &Findings,
    secondary: Option<&mut Secondary>,
    context: &RenderContext,
) {
    let more = if findings.truncated {
        format!(" · only the first {} read, more not shown", findings.total)
    } else {
        String::new()
    };
    let title = format!(
        " {} findings · {} active{more} ",
        findings.source, findings.total
    );
    let grid = Rect {
        width: grid_width().min(area.width),
        ..area
    };
    let table_area = Rect {
        x: grid.right(),
        width: area.width - grid.width,
        ..area
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(context.style(Role::Border))
        .title(format::symbols(&title, context.ascii));
    frame.render_widget(
        Paragraph::new(count_lines(findings, context)).block(block),
        grid,
    );
    render_worst(frame, table_area, &findings.top, secondary, context);
}

/// The worst open findings: the keys reach them after `w` (Enter opens one).
fn render_worst(
    frame: &mut Frame,
    area: Rect,
    top: &[Finding],
    secondary: Option<&mut Secondary>,
    context: &RenderContext,
) {
    second_table(
        frame,
        area,
        "Worst open",
        top,
        (false, secondary),
        context,
        |column, f: &Finding| match column {
            FindingColumn::Title => Line::from(f.title.as_str()),
            FindingColumn::Severity => {
                context.judged(f.severity.name().to_uppercase(), f.severity.health())
            }
            FindingColumn::Control => Line::from(f.control.as_deref().unwrap_or(format::MISSING)),
            FindingColumn::Resource => Line::from(f.resource.as_deref().unwrap_or(format::MISSING)),
            FindingColumn::Workflow => Line::from(f.workflow.name()),
            FindingColumn::Updated => Line::from(f.updated_at.map_or_else(
                || format::MISSING.to_string(),
                |t| t.format("%Y-%m-%d %H:%M").to_string(),
            )),
        },
    );
}

/// Only open findings call for attention; closed ones and zeros stay quiet.
fn count_lines(findings: &Findings, context: &RenderContext) -> Vec<Line<'static>> {
    let accent = context.style(Role::Accent);
    let mut header = vec![Span::styled(format!("{:<NAME_WIDTH$}", "severity"), accent)];
    header.extend(WorkflowStatus::ALL.iter().map(|w| {
        let name = w.name();
        Span::styled(format!("{name:>width$}", width = name.len() + 1), accent)
    }));
    let mut lines = vec![Line::from(header)];
    for severity in Severity::ALL {
        let mut spans = vec![Span::styled(
            format!("{:<NAME_WIDTH$}", severity.name()),
            context.style(Role::Text),
        )];
        for workflow in WorkflowStatus::ALL {
            let n = findings.count(severity, workflow);
            let style = findings
                .attention(severity, workflow)
                .map_or_else(|| context.style(Role::Muted), |h| context.health(h));
            let width = workflow.name().len() + 1;
            spans.push(Span::styled(format!("{n:>width$}"), style));
        }
        lines.push(Line::from(spans));
    }
    lines
}
