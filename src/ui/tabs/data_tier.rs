//! The data tier under the scaling tab: database nodes with role, CPU, queries per second, query
//! time, connections and replica lag against the ALAWAEL plan's targets, and the cache's hit
//! ratio and connection pool.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::domain::scaling::database_targets as db;
use crate::domain::{DatabaseNode, DatabaseRole, Health, ScalingView};
use crate::ui::RenderContext;
use crate::ui::format;
use crate::ui::theme::Role;

/// Column widths: node, role, cpu, qps, p95, p99, conn, lag.
const COLUMNS: [usize; 8] = [13, 9, 7, 6, 7, 7, 9, 6];

pub fn render(frame: &mut Frame, area: Rect, scaling: &ScalingView, context: &RenderContext) {
    let mut lines: Vec<Line> = Vec::new();
    if !scaling.databases.is_empty() {
        let header = ["node", "role", "cpu", "qps", "p95", "p99", "conn", "lag"];
        let cells = header.iter().zip(COLUMNS).map(|(h, w)| format!("{h:<w$}"));
        lines.push(Line::styled(
            cells.collect::<String>(),
            context.style(Role::Accent),
        ));
    }
    lines.extend(
        scaling
            .databases
            .iter()
            .map(|node| database_line(node, context)),
    );
    if let Some(cache) = &scaling.cache {
        let hit = cache.hit_ratio.map(|r| r * 100.0);
        lines.push(Line::from(vec![
            Span::styled(
                format!("{:<w$}", cache.name, w = COLUMNS[0]),
                context.style(Role::Text),
            ),
            Span::styled(
                format!("{:<w$}", "cache", w = COLUMNS[1]),
                context.style(Role::Muted),
            ),
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
    let title = format!(
        " Data tier · plan: qps <{:.0} · query <{:.0}ms · lag <{:.0}s · cpu <{:.0}% ",
        db::QPS,
        db::QUERY_MS,
        db::LAG_SECONDS,
        db::CPU_PERCENT
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(context.style(Role::Border))
        .title(title);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// A node's figures against the plan's targets, in `COLUMNS`; the class last, first to clip.
fn database_line<'a>(node: &DatabaseNode, context: &RenderContext) -> Line<'a> {
    let role = match node.role {
        DatabaseRole::Primary => "primary",
        DatabaseRole::Replica if node.healthy => "replica",
        DatabaseRole::Replica => "DOWN",
    };
    let cpu = if node.healthy {
        Health::rising(node.cpu_percent, 65.0, db::CPU_PERCENT)
    } else {
        Health::Critical
    };
    let pool = node.pool_use().map(|u| u * 100.0);
    let connections = match (node.connections, node.pool_size) {
        (Some(used), Some(size)) => format!("{used}/{size}"),
        _ => format::MISSING.to_string(),
    };
    let lag = node.replication_lag_seconds;
    let cells = [
        (node.name.clone(), Role::Text.into()),
        (
            role.to_string(),
            if node.healthy {
                Role::Muted.into()
            } else {
                Health::Critical.into()
            },
        ),
        (format::percent(node.cpu_percent), cpu.into()),
        (
            format::rate(node.queries_per_second),
            Health::rising(node.queries_per_second, db::QPS, 2.0 * db::QPS).into(),
        ),
        (
            format::millis(node.query_p95_ms),
            Health::rising(node.query_p95_ms, db::QUERY_MS, 2.0 * db::QUERY_MS).into(),
        ),
        (
            format::millis(node.query_p99_ms),
            Health::rising(node.query_p99_ms, db::QUERY_MS, 2.0 * db::QUERY_MS).into(),
        ),
        (
            connections,
            Health::rising(pool, 80.0, db::POOL_NEAR_FULL * 100.0).into(),
        ),
        (
            lag.map_or_else(String::new, |l| format::seconds(Some(l))),
            Health::rising(lag, 0.8, db::LAG_SECONDS).into(),
        ),
    ];
    let mut spans: Vec<Span> = cells
        .into_iter()
        .zip(COLUMNS)
        .map(|((text, look), width)| {
            let style = match look {
                Look::Role(role) => context.style(role),
                Look::Health(health) => context.health(health),
            };
            Span::styled(format!("{text:<width$}"), style)
        })
        .collect();
    spans.push(Span::styled(node.class.clone(), context.style(Role::Muted)));
    Line::from(spans)
}

/// How a cell is drawn: in a fixed role, or by the health of its figure.
enum Look {
    Role(Role),
    Health(Health),
}

impl From<Role> for Look {
    fn from(role: Role) -> Self {
        Self::Role(role)
    }
}

impl From<Health> for Look {
    fn from(health: Health) -> Self {
        Self::Health(health)
    }
}

/// Health where lower is worse (hit ratio).
fn falling(value: Option<f64>, warn: f64, critical: f64) -> Health {
    Health::rising(value.map(|v| -v), -warn, -critical)
}
