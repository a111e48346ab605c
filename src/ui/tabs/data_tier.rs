//! The data tier under the scaling tab: database nodes with role, CPU and replica lag, and the
//! cache's hit ratio and connection pool.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::rising;
use crate::domain::{DatabaseRole, Health, ScalingView};
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::theme::Role;

pub fn render(frame: &mut Frame, area: Rect, scaling: &ScalingView, context: &RenderContext) {
    let mut lines = Vec::new();
    for node in &scaling.databases {
        let role = match node.role {
            DatabaseRole::Primary => "primary",
            DatabaseRole::Replica => "replica",
        };
        let health = if node.healthy {
            rising(node.cpu_percent, 65.0, 75.0)
        } else {
            Health::Critical
        };
        let lag = node
            .replication_lag_seconds
            .map(|l| format!(" lag {l:.1}s"))
            .unwrap_or_default();
        lines.push(Line::from(vec![
            Span::styled(format!("{:<14}", node.name), context.style(Role::Text)),
            Span::styled(
                format!("{role:<8} {:<13}", node.class),
                context.style(Role::Muted),
            ),
            Span::styled(
                format!(
                    "cpu {}{lag}{}",
                    format::percent(node.cpu_percent),
                    if node.healthy { "" } else { " DOWN" }
                ),
                context.health(health),
            ),
        ]));
    }
    if let Some(cache) = &scaling.cache {
        let hit = cache.hit_ratio.map(|r| r * 100.0);
        lines.push(Line::from(vec![
            Span::styled(format!("{:<14}", cache.name), context.style(Role::Text)),
            Span::styled(
                format!("hit {} ", format::percent(hit)),
                context.health(falling(hit, 95.0, 90.0)),
            ),
            Span::styled(
                format!("pool {}/{}", cache.connections_in_use, cache.pool_size),
                context.style(Role::Muted),
            ),
        ]));
    }
    if lines.is_empty() {
        lines.push(Line::styled(
            "no database or cache figures from this source",
            context.style(Role::Unknown),
        ));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(context.style(Role::Border))
        .title(" Data tier ");
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// Health where lower is worse (hit ratio).
fn falling(value: Option<f64>, warn: f64, critical: f64) -> Health {
    rising(value.map(|v| -v), -warn, -critical)
}
