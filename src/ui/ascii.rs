//! Plain ASCII for `--ascii`: the finished frame is folded cell by cell, so whatever a widget,
//! a border or a remote label drew, nothing outside ASCII reaches the terminal. Views still
//! choose ASCII glyphs themselves where a better wording exists ("->" rather than ">", a ramp of
//! `.-=#` in sparklines); this fold is the guarantee behind them, one cell for one cell so no
//! layout moves.

use ratatui::buffer::Buffer;
use ratatui::text::Span;

/// The one-cell stand-in for a character we draw ourselves; `None` when there is none (text in
/// another script), which the fold shows as `?`.
pub fn glyph(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c);
    }
    Some(match c {
        '\u{2500}'..='\u{257F}' => box_drawing(c),
        // Braille dots (line charts): a blank pattern is a space, any other a point.
        '\u{2800}' => ' ',
        '\u{2801}'..='\u{28FF}' => '*',
        '▁' => '.',
        '▂' => '_',
        '▃' | '▄' => '-',
        '▅' | '▆' => '=',
        '▇' | '█' | '▉' | '▊' | '▋' | '▓' | '▀' | '■' => '#',
        '▌' | '▍' | '▎' | '▏' | '▐' | '▕' => '|',
        '░' => '.',
        '▒' => ':',
        '→' | '▶' | '►' | '⇒' | '›' | '»' => '>',
        '←' | '◀' | '◄' | '⇐' | '‹' | '«' => '<',
        '↑' | '▲' | '△' => '^',
        '↓' | '▼' | '▽' => 'v',
        '⇄' | '↔' | '≈' | '∼' => '~',
        // Our own text writes ">=" and "<=": one cell of `>` would change the meaning.
        '≥' | '≤' | '≠' => return None,
        // "±0 %": a change of zero either way.
        '±' => '+',
        // A separator between phrases ("8 of 11 met · 2 missed"), as `format::symbols` writes it.
        '·' => '|',
        '•' | '∙' | '●' | '◆' | '★' => '*',
        '○' | '◯' | '°' => 'o',
        '✓' | '✔' | '✅' => '+',
        '✗' | '✘' | '✕' | '×' | '❌' => 'x',
        '❔' | '？' => '?',
        '÷' | '⁄' => '/',
        '—' | '–' | '−' | '‐' | '‑' => '-',
        '…' => '.',
        '\u{00A0}' | '\u{2007}' | '\u{2009}' | '\u{202F}' => ' ',
        '‘' | '’' | '′' => '\'',
        '“' | '”' | '″' => '"',
        'µ' | 'μ' => 'u',
        'Δ' => 'd',
        'σ' => 's',
        '²' => '2',
        _ => return None,
    })
}

/// Lines, corners and junctions of every weight (light, heavy, double, rounded, dashed).
fn box_drawing(c: char) -> char {
    match c {
        '─' | '━' | '═' | '╌' | '╍' | '┄' | '┅' | '┈' | '┉' | '╴' | '╶' | '╸' | '╺' | '╼' | '╾' => {
            '-'
        }
        '│' | '┃' | '║' | '╎' | '╏' | '┆' | '┇' | '┊' | '┋' | '╵' | '╷' | '╹' | '╻' | '╽' | '╿' => {
            '|'
        }
        '╱' => '/',
        '╲' => '\\',
        _ => '+',
    }
}

/// Folds every cell of `buffer` to ASCII and returns how many fell back to `?` (text with no
/// stand-in: our own text must never need it, a remote name in another script may). A wide
/// character (CJK) becomes `?` and a space, keeping the row's width.
pub fn fold(buffer: &mut Buffer) -> usize {
    let width = usize::from(buffer.area.width.max(1));
    let mut fallbacks = 0;
    let mut blank_after = 0;
    for (i, cell) in buffer.content.iter_mut().enumerate() {
        if blank_after > 0 && i % width != 0 {
            blank_after -= 1;
            cell.set_symbol(" ");
            continue;
        }
        blank_after = 0;
        let symbol = cell.symbol();
        if symbol.is_ascii() {
            continue;
        }
        let mut chars = symbol.chars();
        let stand_in = match (chars.next(), chars.next()) {
            (Some(c), None) => glyph(c),
            _ => None,
        };
        blank_after = Span::raw(symbol).width().saturating_sub(1);
        let replacement = stand_in.unwrap_or_else(|| {
            fallbacks += 1;
            '?'
        });
        cell.set_char(replacement);
    }
    fallbacks
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    fn folded(rows: &[&str], width: u16) -> (Vec<String>, usize) {
        let area = Rect::new(0, 0, width, u16::try_from(rows.len()).unwrap_or(0));
        let mut buffer = Buffer::empty(area);
        for (y, row) in rows.iter().enumerate() {
            let y = u16::try_from(y).unwrap_or(0);
            buffer.set_string(0, y, row, Style::default());
        }
        let fallbacks = fold(&mut buffer);
        let text: Vec<String> = buffer
            .content
            .chunks(usize::from(width))
            .map(|row| row.iter().map(ratatui::buffer::Cell::symbol).collect())
            .collect();
        (text, fallbacks)
    }

    #[test]
    fn borders_arrows_and_bars_fold_cell_for_cell() {
        let (text, fallbacks) = folded(
            &[
                "┌─┬━╮",
                "│a┃b║",
                "╰─┴─┘",
                "2 → 4 ▲▼ ÷ × — …",
                "▁▂▃▄▅▆▇█ ░ ⣿⠀",
                "✓ ok ✗ bad · µs",
            ],
            20,
        );
        assert_eq!(
            text,
            [
                "+-+-+               ",
                "|a|b|               ",
                "+-+-+               ",
                "2 > 4 ^v / x - .    ",
                "._--==## . *        ",
                "+ ok x bad | us     ",
            ]
        );
        assert_eq!(fallbacks, 0);
    }

    #[test]
    fn foreign_text_falls_back_and_wide_characters_keep_the_row_width() {
        let (text, fallbacks) = folded(&["東京 ok", "İstanbul ≥"], 12);
        assert_eq!(text, ["? ?  ok     ", "?stanbul ?  "]);
        assert_eq!(fallbacks, 4, "two ideographs, a dotted I, a comparison");
    }
}
