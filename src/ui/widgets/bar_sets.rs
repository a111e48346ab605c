//! Bar glyphs: Unicode eighths by default, plain ASCII for terminals and fonts without them.

use ratatui::symbols::bar;

pub const ASCII: bar::Set = bar::Set {
    full: "#",
    seven_eighths: "#",
    three_quarters: "=",
    five_eighths: "=",
    half: "-",
    three_eighths: "-",
    one_quarter: "_",
    one_eighth: ".",
    empty: " ",
};

pub fn bars(ascii: bool) -> bar::Set<'static> {
    if ascii { ASCII } else { bar::NINE_LEVELS }
}
