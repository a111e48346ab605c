//! Secure Scores - List (2020-01-01): Defender for Cloud's own score of the subscription, the
//! `ascScore` initiative, as current and maximum points and Defender's ratio of the two.

use serde_json::Value;

use crate::domain::remote_text;

/// The initiative Defender for Cloud's portal shows as "Secure score".
const ASC_SCORE: &str = "ascScore";
/// Defender rounds its ratio to 4 digits after the point; a larger gap is a disagreement.
const RATIO_ROUNDING: f64 = 0.000_05;

#[derive(Debug, Clone, PartialEq)]
pub struct SecureScore {
    pub current: f64,
    pub max: f64,
    /// `percentage`: current ÷ max as Defender computes it (0–1, 4 digits).
    pub ratio: Option<f64>,
}

impl SecureScore {
    /// The `ascScore` of a Secure Scores - List answer; `Ok(None)` when Defender has none for
    /// the subscription (not yet computed, or Defender not enabled).
    pub fn from_list(items: &[Value]) -> Result<Option<Self>, String> {
        let Some(item) = items.iter().find(|i| {
            i.get("name")
                .and_then(Value::as_str)
                .is_some_and(|n| n.eq_ignore_ascii_case(ASC_SCORE))
        }) else {
            return Ok(None);
        };
        let score = item.pointer("/properties/score");
        let number = |field: &str| {
            score
                .and_then(|s| s.get(field))
                .and_then(Value::as_f64)
                .filter(|v| v.is_finite() && *v >= 0.0)
        };
        let (Some(current), Some(max)) = (number("current"), number("max")) else {
            let shown = remote_text::clean(&item.to_string())
                .chars()
                .take(120)
                .collect::<String>();
            return Err(format!(
                "Secure Scores - List: the ascScore has no score.current and score.max ({shown})"
            ));
        };
        Ok(Some(Self {
            current,
            max,
            ratio: number("percentage"),
        }))
    }

    /// Defender's own percentage: its ratio × 100, else current ÷ max × 100; no maximum (no
    /// control applies) is no score.
    pub fn percent(&self) -> Option<f64> {
        if self.max <= 0.0 {
            return None;
        }
        Some(self.ratio.unwrap_or(self.current / self.max) * 100.0)
    }

    /// What the Security tab says beside the score: whose score it is and its points, and when
    /// Defender's ratio does not match its own points, both.
    pub fn basis(&self) -> String {
        let points = format!(
            "Defender for Cloud secure score (Defender's own): {} of {} points",
            trim(self.current),
            trim(self.max)
        );
        match self.ratio {
            Some(ratio)
                if self.max > 0.0 && (ratio - self.current / self.max).abs() > RATIO_ROUNDING =>
            {
                format!(
                    "{points}; Defender's percentage {:.2}% differs from current / max {:.2}%",
                    ratio * 100.0,
                    self.current / self.max * 100.0
                )
            }
            _ => points,
        }
    }
}

/// Points as Defender shows them: up to two decimals, no trailing zeros.
fn trim(points: f64) -> String {
    let text = format!("{points:.2}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Microsoft's example answer for Secure Scores - List (2020-01-01).
    fn example() -> Vec<Value> {
        vec![json!({
            "id": "/subscriptions/20ff7fc3-e762-44dd-bd96-b71116dcdc23/providers/Microsoft.Security/secureScores/ascScore",
            "name": "ascScore",
            "type": "Microsoft.Security/secureScores",
            "properties": {
                "displayName": "ASC score",
                "score": {"max": 39, "current": 23.53, "percentage": 0.6033},
                "weight": 67
            }
        })]
    }

    #[test]
    fn the_asc_score_is_defenders_ratio_as_a_percentage() {
        let score = SecureScore::from_list(&example())
            .expect("decodes")
            .expect("a score");
        assert_eq!(score.max, 39.0);
        assert_eq!(score.current, 23.53);
        // 0.6033 × 100; 23.53 / 39 = 0.60333…, within Defender's rounding.
        let percent = score.percent().expect("a percentage");
        assert!((percent - 60.33).abs() < 1e-9, "{percent}");
        assert_eq!(
            score.basis(),
            "Defender for Cloud secure score (Defender's own): 23.53 of 39 points"
        );
    }

    #[test]
    fn without_a_ratio_the_points_give_it_and_a_mismatch_is_said() {
        let mut score = SecureScore {
            current: 34.0,
            max: 40.0,
            ratio: None,
        };
        assert_eq!(score.percent(), Some(85.0));
        score.ratio = Some(0.5);
        assert_eq!(
            score.percent(),
            Some(50.0),
            "Defender's own figure is shown"
        );
        assert_eq!(
            score.basis(),
            "Defender for Cloud secure score (Defender's own): 34 of 40 points; \
             Defender's percentage 50.00% differs from current / max 85.00%"
        );
        let none = SecureScore {
            current: 0.0,
            max: 0.0,
            ratio: Some(0.0),
        };
        assert_eq!(
            none.percent(),
            None,
            "no points to earn is no score, not 0 %"
        );
    }

    #[test]
    fn other_initiatives_and_broken_scores() {
        let other = vec![
            json!({"name": "customInitiative", "properties": {"score": {"max": 1, "current": 1}}}),
        ];
        assert_eq!(SecureScore::from_list(&other), Ok(None));
        assert_eq!(SecureScore::from_list(&[]), Ok(None));
        let broken = vec![json!({"name": "ascScore", "properties": {"score": {"max": "x"}}})];
        let error = SecureScore::from_list(&broken).expect_err("no points");
        assert!(
            error.starts_with("Secure Scores - List: the ascScore has no"),
            "{error}"
        );
    }
}
