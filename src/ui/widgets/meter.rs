//! A one-line gauge for a percentage with threshold marks, e.g. CPU against the scaling policy.
//! Values are clamped for drawing only; the text beside it shows the real figure. A missing
//! value draws "no data" across an empty track: neither a zero bar nor a row of `?`, which
//! reads as a broken font.

pub fn meter(value: Option<f64>, width: usize, marks: &[f64], ascii: bool) -> String {
    let (fill, empty, mark) = if ascii {
        ('#', '.', '|')
    } else {
        ('█', '░', '│')
    };
    let position = |percent: f64| {
        #[allow(
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss,
            clippy::cast_precision_loss
        )]
        let cells = ((percent.clamp(0.0, 100.0) / 100.0) * width as f64).round() as usize;
        cells.min(width)
    };
    let filled = value.filter(|v| v.is_finite()).map_or(0, position);
    let mut cells: Vec<char> = (0..width)
        .map(|i| if i < filled { fill } else { empty })
        .collect();
    for &m in marks {
        let at = position(m).min(width.saturating_sub(1));
        if let Some(cell) = cells.get_mut(at) {
            *cell = mark;
        }
    }
    if value.is_none_or(|v| !v.is_finite()) {
        return no_data(width, empty);
    }
    cells.into_iter().collect()
}

fn no_data(width: usize, empty: char) -> String {
    const TEXT: &str = " no data ";
    if width < TEXT.len() {
        return "?".repeat(width);
    }
    let side = (width - TEXT.len()) / 2;
    let track = |n: usize| empty.to_string().repeat(n);
    format!("{}{TEXT}{}", track(side), track(width - TEXT.len() - side))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fills_proportionally_with_marks() {
        assert_eq!(meter(Some(50.0), 10, &[], true), "#####.....");
        assert_eq!(meter(Some(50.0), 10, &[80.0], true), "#####...|.");
        assert_eq!(meter(Some(250.0), 4, &[], true), "####");
    }

    #[test]
    fn missing_is_not_empty() {
        assert_eq!(meter(None, 3, &[75.0], true), "???");
        assert_eq!(meter(Some(f64::NAN), 3, &[], true), "???");
        assert_eq!(meter(None, 12, &[75.0], true), ". no data ..");
        assert_eq!(meter(Some(f64::NAN), 10, &[], false), " no data ░");
        assert_eq!(meter(Some(1.0), 0, &[75.0], false), "");
    }
}
