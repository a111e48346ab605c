//! The parameter form: one single-line text field per parameter, prefilled from the selected
//! row, checked on every key. Secret fields are masked.

use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::style::Style;
use ratatui_textarea::TextArea;

use crate::domain::runbook::{Param, Values};

#[derive(Debug, Clone)]
pub struct Field {
    pub param: Param,
    pub input: TextArea<'static>,
    /// `None` while the value is valid.
    pub error: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Form {
    pub fields: Vec<Field>,
    pub focus: usize,
    context: Values,
}

/// A single-line field holding `text`, masked for secrets.
pub fn text_field(text: String, secret: bool) -> TextArea<'static> {
    let mut input = TextArea::new(vec![text]);
    input.set_cursor_line_style(Style::default());
    input.move_cursor(ratatui_textarea::CursorMove::End);
    if secret {
        input.set_mask_char('•');
    }
    input
}

/// The text of a single-line field.
pub fn text_of(input: &TextArea<'_>) -> String {
    input.lines().first().cloned().unwrap_or_default()
}

pub enum FormKey {
    Submit,
    Leave,
    Edited,
}

impl Form {
    /// A field per parameter the form asks for now (one required only while a flag holds is
    /// left out while it does not).
    pub fn new(params: &[Param], context: Values) -> Self {
        let fields = params
            .iter()
            .filter(|param| param.shown(&context))
            .map(|param| {
                let mut field = Field {
                    input: text_field(param.initial(&context), param.secret),
                    param: param.clone(),
                    error: None,
                };
                field.error = field.param.validate(&text_of(&field.input), &context).err();
                field
            })
            .collect();
        Self {
            fields,
            focus: 0,
            context,
        }
    }

    /// Enter and Esc end the form; Tab, arrows move between fields; the rest edits.
    pub fn key(&mut self, key: KeyEvent) -> FormKey {
        let last = self.fields.len().saturating_sub(1);
        match key.code {
            KeyCode::Enter => return FormKey::Submit,
            KeyCode::Esc => return FormKey::Leave,
            KeyCode::Tab | KeyCode::Down => self.focus = (self.focus + 1).min(last),
            KeyCode::BackTab | KeyCode::Up => self.focus = self.focus.saturating_sub(1),
            _ => {
                if let Some(field) = self.fields.get_mut(self.focus) {
                    field.input.input(key);
                    field.error = field
                        .param
                        .validate(&text_of(&field.input), &self.context)
                        .err();
                }
            }
        }
        FormKey::Edited
    }

    /// Puts back earlier inputs (a re-plan keeps what the operator typed), checked against
    /// this form's context; returns the fields no longer valid as "name value: why".
    pub fn restore(&mut self, inputs: &std::collections::BTreeMap<String, String>) -> Vec<String> {
        let mut invalid = Vec::new();
        for field in &mut self.fields {
            let Some(value) = inputs.get(&field.param.name) else {
                continue;
            };
            field.input = text_field(value.clone(), field.param.secret);
            field.error = field.param.validate(value, &self.context).err();
            if let Some(error) = &field.error {
                let shown = if field.param.secret {
                    "•••"
                } else {
                    value
                };
                invalid.push(format!("{} {shown}: {error}", field.param.name));
            }
        }
        invalid
    }

    /// The runbook a field at its limit offers (group-limits when a group is at its max).
    pub fn remedy(&self) -> Option<String> {
        self.fields.iter().find_map(|f| {
            f.param
                .at_limit_now(&self.context)
                .map(|(_, runbook)| runbook.to_string())
        })
    }

    /// The raw inputs when every field is valid; otherwise focuses the first invalid one.
    pub fn inputs(&mut self) -> Option<std::collections::BTreeMap<String, String>> {
        if let Some(invalid) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = invalid;
            return None;
        }
        Some(
            self.fields
                .iter()
                .map(|f| (f.param.name.clone(), text_of(&f.input)))
                .collect(),
        )
    }
}
