//! Open vulnerabilities by severity beside their daily trend, for the Security tab.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Sparkline};

use super::judged;
use crate::domain::{SecurityView, Severity, VulnerabilityCounts};
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::theme::Role;
use crate::ui::widgets::bar_sets::bars;

/// Open vulnerabilities by severity, each beside its daily trend, stretched to the width and
/// as tall as the area allows, dated under the first and last day. An unknown count is shown
/// as such, never as 0.
pub fn render(frame: &mut Frame, area: Rect, security: &SecurityView, context: &RenderContext) {
    let count = |severity| {
        let text = security.vulnerabilities.map_or_else(
            || format::MISSING.to_string(),
            |v| v.count(severity).to_string(),
        );
        judged(context, text, security.vulnerability_health(severity))
    };
    let (Some(first), Some(last)) = (security.trend.first(), security.trend.last()) else {
        let mut spans = vec![Span::styled(
            "Open vulnerabilities ",
            context.style(Role::Muted),
        )];
        if security.vulnerabilities.is_some() {
            for severity in VulnerabilityCounts::SEVERITIES {
                spans.push(Span::styled(
                    format!(" {} ", severity.name()),
                    context.style(Role::Text),
                ));
                spans.push(count(severity));
            }
        } else {
            spans.push(Span::styled(
                format!("{} (no counts from this source)", format::MISSING),
                context.health(security.vulnerability_health(Severity::Critical)),
            ));
        }
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        return;
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(context.style(Role::Border))
        .title(format::symbols(
            &format!(
                " Open vulnerabilities · daily trend, last {} days ",
                security.trend.len()
            ),
            context.ascii,
        ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // A label and count, then the trend; the last row dates it.
    const LABEL: u16 = 15;
    let rows = u16::try_from(VulnerabilityCounts::SEVERITIES.len()).unwrap_or(1);
    let each = (inner.height.saturating_sub(1) / rows).max(1);
    let days = u16::try_from(security.trend.len()).unwrap_or(u16::MAX);
    let stretch = (inner.width.saturating_sub(LABEL) / days.max(1)).max(1);
    let spark_width = (days * stretch).min(inner.width.saturating_sub(LABEL));
    let x = inner.x + LABEL;
    for (row, severity) in (0..rows).zip(VulnerabilityCounts::SEVERITIES) {
        let y = inner.y + row * each;
        if y >= inner.bottom() {
            break;
        }
        let height = each.min(inner.bottom() - y);
        let label = Line::from(vec![
            Span::styled(format!("{:<9}", severity.name()), context.style(Role::Text)),
            Span::raw(" ".repeat(5_usize.saturating_sub(count(severity).width()))),
            count(severity),
        ]);
        frame.render_widget(
            label,
            Rect {
                y,
                height: 1,
                ..inner
            },
        );
        if height > 1 {
            // Tall bars start at zero: the peak gives them a scale.
            let peak = security.trend.iter().map(|(_, c)| c.count(severity)).max();
            let peak = format!("{:>14}", format!("peak {}", peak.unwrap_or_default()));
            frame.render_widget(
                Paragraph::new(peak).style(context.style(Role::Muted)),
                Rect {
                    y: y + 1,
                    height: 1,
                    ..inner
                },
            );
        }
        let data: Vec<u64> = security
            .trend
            .iter()
            .flat_map(|(_, c)| std::iter::repeat_n(u64::from(c.count(severity)), stretch.into()))
            .collect();
        let spark = Sparkline::default()
            .data(data)
            .bar_set(bars(context.ascii))
            .style(context.health(severity.health()));
        let spark_area = Rect {
            x,
            y,
            height,
            width: spark_width,
        };
        frame.render_widget(spark, spark_area);
    }
    let axis_y = inner.y + (rows * each).min(inner.height.saturating_sub(1));
    let axis = Rect {
        x,
        y: axis_y,
        width: spark_width,
        height: 1,
    };
    let date = |d: chrono::NaiveDate| d.format("%b %-d").to_string();
    frame.render_widget(
        Paragraph::new(date(first.0)).style(context.style(Role::Muted)),
        axis,
    );
    frame.render_widget(
        Paragraph::new(date(last.0))
            .style(context.style(Role::Muted))
            .right_aligned(),
        axis,
    );
}
