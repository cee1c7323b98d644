//! Bump bars: a bump bar is a USB keypad with its own key codes, so the
//! board's main actions can be put on any keys with a `[kds.keys]` table:
//!
//! ```toml
//! [kds.keys]
//! bump = ["F1", "Enter"]
//! recall = ["F2"]
//! eightysix = ["F8"]   # "86" is read as the same action
//! ```
//!
//! An action named there answers only to the keys listed (its usual keys
//! stop bumping); actions not named keep their usual keys ([`DEFAULTS`]).
//! `maydanoz kds keys` prints the map in effect. To add an action, add a row
//! to [`DEFAULTS`].

use std::collections::BTreeMap;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::keys::Action;

/// Action name, what it does, and its usual keys (as the board's key table has them).
pub(crate) const DEFAULTS: [(&str, Action, &[&str]); 7] = [
    ("bump", Action::Bump, &["Enter", "Space"]),
    ("recall", Action::Recall, &["r", "R", "Backspace"]),
    ("next", Action::Right, &["Right", "Tab"]),
    ("previous", Action::Left, &["Left"]),
    ("page", Action::NextPage, &["PageDown", "n", "N"]),
    ("rush", Action::Rush, &["*", "!"]),
    ("eightysix", Action::Availability, &["8", "u", "U", "F8"]),
];

/// The keys in effect for the mappable actions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct KeyMap {
    /// (action name, action, keys), in [`DEFAULTS`] order.
    pub rows: Vec<(&'static str, Action, Vec<KeyCode>)>,
    /// Which actions the configuration changed (their usual keys are off).
    pub custom: Vec<Action>,
}

/// A `[kds.keys]` entry that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum KeyMapError {
    #[error("kds.keys: unknown action '{0}' (known: bump, recall, next, previous, page, rush, 86)")]
    Action(String),
    #[error(
        "kds.keys.{action}: unknown key '{key}' (a character, Enter, Space, Tab, Backspace, Esc, arrows, PageUp/PageDown, Home, End, Insert, Delete or F1-F24)"
    )]
    Key { action: String, key: String },
}

impl Default for KeyMap {
    fn default() -> KeyMap {
        KeyMap {
            rows: DEFAULTS
                .iter()
                .map(|&(name, action, keys)| {
                    (name, action, keys.iter().filter_map(|k| parse(k)).collect())
                })
                .collect(),
            custom: Vec::new(),
        }
    }
}

impl KeyMap {
    /// The defaults with the configured table's actions replaced.
    pub(crate) fn from_table(table: &BTreeMap<String, Vec<String>>) -> Result<KeyMap, KeyMapError> {
        let mut map = KeyMap::default();
        for (name, keys) in table {
            // "86" is what a kitchen calls it; `eightysix` is the name a TOML key needs no quotes for
            let wanted = if name == "86" {
                "eightysix"
            } else {
                name.as_str()
            };
            let Some(row) = map.rows.iter_mut().find(|r| r.0 == wanted) else {
                return Err(KeyMapError::Action(name.clone()));
            };
            let mut codes = Vec::new();
            for k in keys {
                codes.push(parse(k).ok_or_else(|| KeyMapError::Key {
                    action: name.clone(),
                    key: k.clone(),
                })?);
            }
            row.2 = codes;
            map.custom.push(row.1);
        }
        Ok(map)
    }

    /// On the board: `Some(Some(action))` for a mapped key, `Some(None)` for a
    /// usual key of an action the configuration moved elsewhere (it does
    /// nothing now), `None` for any other key (the board's own table decides).
    pub(crate) fn lookup(&self, key: KeyEvent) -> Option<Option<Action>> {
        if key.modifiers.contains(KeyModifiers::CONTROL) || self.custom.is_empty() {
            return None;
        }
        if let Some(row) = self.rows.iter().find(|r| r.2.contains(&key.code)) {
            return Some(Some(row.1));
        }
        let moved = DEFAULTS.iter().any(|&(_, action, keys)| {
            self.custom.contains(&action) && keys.iter().any(|k| parse(k) == Some(key.code))
        });
        moved.then_some(None)
    }

    /// The map as `maydanoz kds keys` prints it: one action a line.
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        for (name, action, keys) in &self.rows {
            let names: Vec<String> = keys.iter().map(|k| name_of(*k)).collect();
            let mark = if self.custom.contains(action) {
                "  (kds.keys)"
            } else {
                ""
            };
            out.push_str(&format!("{name:<9} {}{mark}\n", names.join(", ")));
        }
        out
    }
}

/// A key by name: one character, or Enter, Space, Tab, Backspace, Esc, Left,
/// Right, Up, Down, PageUp, PageDown, Home, End, Insert, Delete, F1–F24.
pub(crate) fn parse(name: &str) -> Option<KeyCode> {
    let mut chars = name.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return Some(KeyCode::Char(c));
    }
    Some(match name.to_ascii_lowercase().as_str() {
        "enter" | "return" => KeyCode::Enter,
        "space" => KeyCode::Char(' '),
        "tab" => KeyCode::Tab,
        "backspace" => KeyCode::Backspace,
        "esc" | "escape" => KeyCode::Esc,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "pageup" => KeyCode::PageUp,
        "pagedown" => KeyCode::PageDown,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "insert" => KeyCode::Insert,
        "delete" => KeyCode::Delete,
        f if f.starts_with('f') => {
            let n: u8 = f[1..].parse().ok()?;
            (1..=24).contains(&n).then_some(KeyCode::F(n))?
        }
        _ => return None,
    })
}

/// The name [`parse`] reads back.
fn name_of(k: KeyCode) -> String {
    match k {
        KeyCode::Char(' ') => "Space".into(),
        KeyCode::Char(c) => c.to_string(),
        KeyCode::F(n) => format!("F{n}"),
        KeyCode::PageUp => "PageUp".into(),
        KeyCode::PageDown => "PageDown".into(),
        other => format!("{other:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn the_defaults_change_nothing() {
        let m = KeyMap::default();
        assert_eq!(m.lookup(key(KeyCode::Enter)), None);
        assert!(
            m.render().starts_with("bump      Enter, Space\n"),
            "{}",
            m.render()
        );
    }

    #[test]
    fn a_bump_bar_key_bumps_and_the_old_key_no_longer_does() {
        let table = BTreeMap::from([
            ("bump".to_string(), vec!["F1".to_string()]),
            ("86".to_string(), vec!["F9".to_string()]),
        ]);
        let named = BTreeMap::from([
            ("bump".to_string(), vec!["F1".to_string()]),
            ("eightysix".to_string(), vec!["F9".to_string()]),
        ]);
        assert_eq!(
            KeyMap::from_table(&named).map(|m| m.rows),
            KeyMap::from_table(&table).map(|m| m.rows)
        );
        let m = KeyMap::from_table(&table).expect("map");
        assert_eq!(m.lookup(key(KeyCode::F(1))), Some(Some(Action::Bump)));
        assert_eq!(m.lookup(key(KeyCode::Enter)), Some(None));
        assert_eq!(
            m.lookup(key(KeyCode::F(9))),
            Some(Some(Action::Availability))
        );
        assert_eq!(
            m.lookup(key(KeyCode::Char('r'))),
            Some(Some(Action::Recall))
        );
        assert_eq!(m.lookup(key(KeyCode::Char('a'))), None);
        assert!(
            m.render().contains("bump      F1  (kds.keys)"),
            "{}",
            m.render()
        );
    }

    #[test]
    fn unknown_names_are_refused() {
        let bad = BTreeMap::from([("fly".to_string(), vec!["x".to_string()])]);
        assert!(matches!(
            KeyMap::from_table(&bad),
            Err(KeyMapError::Action(_))
        ));
        let bad = BTreeMap::from([("bump".to_string(), vec!["F99".to_string()])]);
        assert!(matches!(
            KeyMap::from_table(&bad),
            Err(KeyMapError::Key { .. })
        ));
    }
}

#[cfg(test)]
mod board_tests {
    use std::collections::BTreeMap;

    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::KeyMap;
    use crate::domain::order::OrderStatus;
    use crate::kds::event::{Command, Event};
    use crate::kds::testutil::{T0, at, order, state};
    use crate::kds::update::update;

    fn press(code: KeyCode) -> Event {
        Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
    }

    #[test]
    fn on_the_board_a_bump_bars_key_bumps_and_enter_no_longer_does() {
        let mut s = state(100, 30);
        let table = BTreeMap::from([("bump".to_string(), vec!["F1".to_string()])]);
        s.settings.keys = KeyMap::from_table(&table).expect("map");
        update(&mut s, Event::Reloaded(vec![order(1, T0)]), at(T0));
        let bumps = |cmds: &[Command]| {
            cmds.iter().any(|c| {
                matches!(
                    c,
                    Command::SetStatus {
                        to: OrderStatus::Preparing,
                        ..
                    }
                )
            })
        };
        assert!(!bumps(&update(&mut s, press(KeyCode::Enter), at(T0 + 1))));
        assert!(bumps(&update(&mut s, press(KeyCode::F(1)), at(T0 + 2))));
    }
}
