//! A document as lines: section headings, `label  value  note` facts with their labels
//! aligned, sentences wrapped between words, tables with numbers right-aligned; a chart is a
//! piece of its own (`chart.rs`). `describe` prints the same pieces as plain text.

use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::app::detail::{Block, Chart, Document, Fact, Table};
use crate::domain::Health;
use crate::ui::RenderContext;
use crate::ui::theme::Role;

/// One piece of a document, one line high or a chart's height.
pub enum Piece<'a> {
    Line(Line<'static>),
    Chart(&'a Chart),
}

const GAP: &str = "  ";

pub fn pieces<'a>(document: &'a Document, width: u16, context: &RenderContext) -> Vec<Piece<'a>> {
    let width = usize::from(width).max(20);
    let mut out = Vec::new();
    for (i, section) in document.sections.iter().enumerate() {
        if i > 0 {
            out.push(Piece::Line(Line::default()));
        }
        let heading = context.style(Role::Accent).add_modifier(Modifier::BOLD);
        out.push(Piece::Line(Line::styled(section.title.clone(), heading)));
        for block in &section.blocks {
            match block {
                Block::Facts { facts } => facts_lines(facts, width, context, &mut out),
                Block::Text { text, health } => {
                    let style = health.map_or(context.style(Role::Text), |h| context.health(h));
                    let mark = mark(*health, context);
                    for line in wrap(&format!("{text}{mark}"), width - 2) {
                        out.push(Piece::Line(Line::styled(format!("  {line}"), style)));
                    }
                }
                Block::Table(table) => table_lines(table, width, context, &mut out),
                Block::Chart(chart) => out.push(Piece::Chart(chart)),
            }
        }
    }
    out
}

/// `!!`/`!` where the theme has no colours, so a state never rests on colour alone.
fn mark(health: Option<Health>, context: &RenderContext) -> &'static str {
    match health {
        Some(Health::Critical) if context.theme.colourless() => " !!",
        Some(Health::Warning) if context.theme.colourless() => " !",
        _ => "",
    }
}

fn judged(text: &str, health: Option<Health>, context: &RenderContext) -> Span<'static> {
    let style = health.map_or(context.style(Role::Text), |h| context.health(h));
    Span::styled(
        format!("{text}{}", mark(health, context).trim_start()),
        style,
    )
}

fn facts_lines(facts: &[Fact], width: usize, context: &RenderContext, out: &mut Vec<Piece>) {
    let label_width = facts
        .iter()
        .map(|f| f.label.chars().count())
        .max()
        .unwrap_or(0);
    let value_width = facts
        .iter()
        .map(|f| f.value.chars().count() + 2)
        .max()
        .unwrap_or(0);
    for fact in facts {
        let label = format!("  {:<label_width$}{GAP}", fact.label);
        let value = judged(&fact.value, fact.health, context);
        let pad = value_width.saturating_sub(value.content.chars().count());
        let used = label.chars().count() + value.content.chars().count() + pad;
        let mut spans = vec![Span::styled(label, context.style(Role::Muted)), value];
        if !fact.note.is_empty() {
            spans.push(Span::raw(" ".repeat(pad)));
            // A note too long for the line continues under the value.
            let notes = wrap(&fact.note, width.saturating_sub(used).max(24));
            let mut notes = notes.into_iter();
            if let Some(first) = notes.next() {
                spans.push(Span::styled(first, context.style(Role::Muted)));
            }
            out.push(Piece::Line(Line::from(spans)));
            for more in notes {
                let indent = " ".repeat(used.min(width.saturating_sub(24)));
                out.push(Piece::Line(Line::styled(
                    format!("{indent}{more}"),
                    context.style(Role::Muted),
                )));
            }
        } else {
            out.push(Piece::Line(Line::from(spans)));
        }
    }
}

fn table_lines(table: &Table, width: usize, context: &RenderContext, out: &mut Vec<Piece>) {
    if table.rows.is_empty() {
        out.push(Piece::Line(Line::styled(
            format!("  {}", table.empty),
            context.health(Health::Unknown),
        )));
        return;
    }
    let widths: Vec<usize> = (0..table.columns.len())
        .map(|c| {
            let cells = table.rows.iter().filter_map(|r| r.get(c));
            cells
                .map(|cell| {
                    cell.text.chars().count() + mark(cell.health, context).trim_start().len()
                })
                .chain([table.columns[c].0.chars().count()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let cell = |text: &str, c: usize| {
        let w = widths[c];
        if table.columns[c].1 {
            format!("{text:>w$}")
        } else {
            format!("{text:<w$}")
        }
    };
    let header: String = (0..table.columns.len())
        .map(|c| cell(&table.columns[c].0, c))
        .collect::<Vec<_>>()
        .join(GAP);
    let muted = context.style(Role::Muted).add_modifier(Modifier::BOLD);
    out.push(Piece::Line(Line::styled(
        cut(&format!("  {header}"), width),
        muted,
    )));
    for row in &table.rows {
        let mut spans = vec![Span::raw("  ")];
        for (c, value) in row.iter().enumerate().take(table.columns.len()) {
            if c > 0 {
                spans.push(Span::raw(GAP));
            }
            let text = format!("{}{}", value.text, mark(value.health, context).trim_start());
            let style = value
                .health
                .map_or(context.style(Role::Text), |h| context.health(h));
            spans.push(Span::styled(cell(&text, c), style));
        }
        out.push(Piece::Line(cut_line(Line::from(spans), width)));
    }
}

/// Words onto lines of at most `width` characters; a word longer than a line is cut.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let fits = line.chars().count() + 1 + word.chars().count() <= width;
        if !line.is_empty() && !fits {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(&cut(word, width));
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

fn cut(text: &str, width: usize) -> String {
    if text.chars().count() <= width {
        return text.to_string();
    }
    let mut kept: String = text.chars().take(width.saturating_sub(1)).collect();
    kept.push('…');
    kept
}

/// A table row wider than the view loses its right end, marked.
fn cut_line(line: Line<'static>, width: usize) -> Line<'static> {
    if line.width() <= width {
        return line;
    }
    let mut left = width.saturating_sub(1);
    let mut spans = Vec::new();
    for span in line.spans {
        if left == 0 {
            break;
        }
        let text: String = span.content.chars().take(left).collect();
        left -= text.chars().count();
        spans.push(Span::styled(text, span.style));
    }
    spans.push(Span::styled("…", Style::default()));
    Line::from(spans)
}

/// A line's text without its styles: what `describe` prints.
pub fn plain(line: &Line) -> String {
    line.spans
        .iter()
        .map(|s| s.content.as_ref())
        .collect::<String>()
        .trim_end()
        .to_string()
}
