//! The answer of Query - Usage and Forecast - Usage: `properties.columns` (each a `name` and
//! a `type`) and `properties.rows` (arrays in the columns' order), read by column name and
//! never by position, since the columns follow the request's aggregation and grouping.

use chrono::NaiveDate;
use serde_json::Value;

use crate::domain::cost_month::SpendTotals;
use crate::domain::remote_text::clean;

/// What every query and forecast aggregates: the sum of `Cost` (actual cost, in the billing
/// currency) under the alias `totalCost`. The reference's answers name the column after the
/// aggregated `Cost`, with the amounts' `Currency` beside it.
#[derive(Debug, Clone, Copy)]
pub struct AggregatedCost {
    cost: usize,
    currency: usize,
}

impl AggregatedCost {
    pub fn aggregation() -> Value {
        serde_json::json!({ "totalCost": { "name": "Cost", "function": "Sum" } })
    }

    pub fn of(table: &Table) -> Result<Self, String> {
        Ok(Self {
            cost: table.column("Cost")?,
            currency: table.column("Currency")?,
        })
    }

    /// A row's amount, its currency checked against the other amounts'.
    pub fn amount(&self, row: &Row, totals: &mut SpendTotals) -> Result<f64, String> {
        totals.currency(&row.text(self.currency)?)?;
        row.number(self.cost)
    }
}

#[derive(Debug)]
pub struct Table<'a> {
    columns: Vec<&'a str>,
    rows: &'a [Value],
    next_link: Option<&'a str>,
}

impl<'a> Table<'a> {
    /// A 204 (No Content, documented for both operations) is a table without rows.
    pub fn of(status: u16, body: &'a Value) -> Result<Self, String> {
        if status == 204 {
            return Ok(Self {
                columns: Vec::new(),
                rows: &[],
                next_link: None,
            });
        }
        let properties = body
            .get("properties")
            .ok_or("no properties in the answer")?;
        let columns = properties
            .get("columns")
            .and_then(Value::as_array)
            .ok_or("no properties.columns in the answer")?
            .iter()
            .map(|c| c.get("name").and_then(Value::as_str).unwrap_or_default())
            .collect();
        let rows = properties
            .get("rows")
            .and_then(Value::as_array)
            .ok_or("no properties.rows in the answer")?;
        let next_link = properties
            .get("nextLink")
            .and_then(Value::as_str)
            .filter(|l| !l.is_empty());
        Ok(Self {
            columns,
            rows,
            next_link,
        })
    }

    /// The column named `name` (ARM's names are case-insensitive), or an error listing what
    /// the answer has.
    pub fn column(&self, name: &str) -> Result<usize, String> {
        self.columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                format!(
                    "no {name} column in the answer (columns: {})",
                    clean(&self.columns.join(", "))
                )
            })
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn rows(&self) -> impl Iterator<Item = Row<'a>> + use<'a> {
        self.rows.iter().enumerate().map(|(index, row)| Row {
            cells: row.as_array().map_or(&[][..], Vec::as_slice),
            index,
        })
    }

    /// `properties.nextLink`: where the next page is, POSTed with the same body.
    pub fn next_link(&self) -> Option<&'a str> {
        self.next_link
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    cells: &'a [Value],
    index: usize,
}

impl Row<'_> {
    fn cell(&self, column: usize) -> Result<&Value, String> {
        self.cells
            .get(column)
            .ok_or_else(|| format!("row {} has no cell {column}", self.index + 1))
    }

    /// An amount: a finite JSON number, never a guess.
    pub fn number(&self, column: usize) -> Result<f64, String> {
        let cell = self.cell(column)?;
        cell.as_f64()
            .filter(|v| v.is_finite())
            .ok_or_else(|| format!("row {}: {cell} is not an amount", self.index + 1))
    }

    /// Remote text, cleaned for the terminal.
    pub fn text(&self, column: usize) -> Result<String, String> {
        let cell = self.cell(column)?;
        cell.as_str()
            .map(|s| clean(s).into_owned())
            .ok_or_else(|| format!("row {}: {cell} is not text", self.index + 1))
    }

    /// `UsageDate`: a number of the form yyyymmdd (20261117).
    pub fn date(&self, column: usize) -> Result<NaiveDate, String> {
        let cell = self.cell(column)?;
        cell.as_u64()
            .and_then(|n| {
                let (y, md) = (n / 10_000, n % 10_000);
                NaiveDate::from_ymd_opt(
                    i32::try_from(y).ok()?,
                    u32::try_from(md / 100).ok()?,
                    u32::try_from(md % 100).ok()?,
                )
            })
            .ok_or_else(|| format!("row {}: {cell} is not a yyyymmdd date", self.index + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn answer() -> Value {
        // Columns in another order than usual: reading by name must not care.
        json!({ "properties": {
            "nextLink": "https://management.azure.com/x?$skiptoken=2",
            "columns": [
                { "name": "ServiceName", "type": "String" },
                { "name": "UsageDate", "type": "Number" },
                { "name": "Currency", "type": "String" },
                { "name": "Cost", "type": "Number" },
            ],
            "rows": [
                ["Storage", 20261101, "USD", 2.5],
                ["Virtual\u{1b}[31mMachines", 20261130, "USD", 140],
                ["Bad", 20261331, "USD", "12,5"],
            ],
        }})
    }

    #[test]
    fn cells_are_read_by_column_name() {
        let body = answer();
        let table = Table::of(200, &body).expect("table");
        let (cost, date, service) = (
            table.column("Cost").expect("cost"),
            table.column("usagedate").expect("any case"),
            table.column("ServiceName").expect("service"),
        );
        let rows: Vec<Row> = table.rows().collect();
        assert_eq!(rows[0].number(cost), Ok(2.5));
        assert_eq!(rows[1].number(cost), Ok(140.0), "an integer amount");
        assert_eq!(
            rows[1].date(date),
            Ok(NaiveDate::from_ymd_opt(2026, 11, 30).expect("date"))
        );
        let name = rows[1].text(service).expect("text");
        assert!(!name.contains('\u{1b}'), "{name:?}");
        assert_eq!(
            rows[2].number(cost),
            Err("row 3: \"12,5\" is not an amount".into())
        );
        assert_eq!(
            rows[2].date(date),
            Err("row 3: 20261331 is not a yyyymmdd date".into())
        );
        assert_eq!(
            table.next_link(),
            Some("https://management.azure.com/x?$skiptoken=2")
        );
        assert_eq!(
            table.column("PreTaxCost"),
            Err("no PreTaxCost column in the answer (columns: ServiceName, UsageDate, Currency, Cost)".into())
        );
    }

    #[test]
    fn no_content_is_an_empty_table_and_a_bad_answer_an_error() {
        let table = Table::of(204, &Value::Null).expect("204");
        assert!(table.is_empty() && table.next_link().is_none());
        assert!(Table::of(200, &json!({})).is_err());
        let no_rows = json!({ "properties": { "columns": [] } });
        assert_eq!(
            Table::of(200, &no_rows).map(|_| ()),
            Err("no properties.rows in the answer".into())
        );
        let null_link = json!({ "properties": { "nextLink": null, "columns": [], "rows": [] } });
        let table = Table::of(200, &null_link).expect("table");
        assert_eq!(table.next_link(), None, "null: the last page");
    }
}
