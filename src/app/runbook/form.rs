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
    pub fn new(params: &[Param], context: Values) -> Self {
        let fields = params
            .iter()
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
