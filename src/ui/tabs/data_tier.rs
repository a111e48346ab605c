//! The data tier under the scaling tab: database nodes with role, CPU, queries per second, query
//! time, connections and replica lag against the ALAWAEL plan's targets, and the cache's hit
//! ratio and connection pool.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::rising;
use crate::domain::scaling::database_targets as db;
use crate::domain::{DatabaseNode, DatabaseRole, Health, ScalingView};
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::theme::Role;

pub fn render(frame: &mut Frame, area: Rect, scaling: &ScalingView, context: &RenderContext) {
    let mut lines: Vec<Line> = scaling
        .databases
        .iter()
        .map(|node| database_line(node, context))
        .collect();
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

/// A node's figures against the ALAWAEL plan's targets; the class last, as the first to clip.
fn database_line<'a>(node: &DatabaseNode, context: &RenderContext) -> Line<'a> {
    let role = match node.role {
        DatabaseRole::Primary => "primary",
        DatabaseRole::Replica => "replica",
    };
    let cpu = if node.healthy {
        rising(node.cpu_percent, 65.0, db::CPU_PERCENT)
    } else {
        Health::Critical
    };
    let pool = node.pool_use().map(|u| u * 100.0);
    let connections = match (node.connections, node.pool_size) {
        (Some(used), Some(size)) => format!("conn {used}/{size} "),
        _ => format!("conn {} ", format::MISSING),
    };
    let mut spans = vec![
        Span::styled(format!("{:<14}", node.name), context.style(Role::Text)),
        Span::styled(format!("{role:<8}"), context.style(Role::Muted)),
        Span::styled(
            format!(
                "cpu {}{} ",
                format::percent(node.cpu_percent),
                if node.healthy { "" } else { " DOWN" }
            ),
            context.health(cpu),
        ),
        Span::styled(
            format!("qps {} ", format::rate(node.queries_per_second)),
            context.health(rising(node.queries_per_second, db::QPS, 2.0 * db::QPS)),
        ),
        Span::styled(
            format!(
                "p95 {} p99 {} ",
                format::millis(node.query_p95_ms),
                format::millis(node.query_p99_ms)
            ),
            context.health(rising(node.query_p95_ms, db::QUERY_MS, 2.0 * db::QUERY_MS)),
        ),
        Span::styled(
            connections,
            context.health(rising(pool, 80.0, db::POOL_NEAR_FULL * 100.0)),
        ),
    ];
    if let Some(lag) = node.replication_lag_seconds {
        spans.push(Span::styled(
            format!("lag {lag:.1}s "),
            context.health(rising(Some(lag), 0.8, db::LAG_SECONDS)),
        ));
    }
    spans.push(Span::styled(node.class.clone(), context.style(Role::Muted)));
    Line::from(spans)
}

/// Health where lower is worse (hit ratio).
fn falling(value: Option<f64>, warn: f64, critical: f64) -> Health {
    rising(value.map(|v| -v), -warn, -critical)
}
