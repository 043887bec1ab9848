//! The Andon severity model: every finding is red (stop: broken), yellow
//! (attention: probably wrong) or green (monitor). A rule's configured level
//! is one of those or `off`. This is a leaf: every layer may use it.

use std::fmt;
use std::str::FromStr;

/// How serious a finding is. Ordered: `Green < Yellow < Red`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Andon {
    Green,
    Yellow,
    Red,
}

impl Andon {
    pub const ALL: [Andon; 3] = [Andon::Red, Andon::Yellow, Andon::Green];

    pub fn as_str(self) -> &'static str {
        match self {
            Andon::Red => "red",
            Andon::Yellow => "yellow",
            Andon::Green => "green",
        }
    }

    pub fn emoji(self) -> &'static str {
        match self {
            Andon::Red => "🔴",
            Andon::Yellow => "🟡",
            Andon::Green => "🟢",
        }
    }
}

impl fmt::Display for Andon {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Andon {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "red" => Ok(Andon::Red),
            "yellow" => Ok(Andon::Yellow),
            "green" => Ok(Andon::Green),
            other => Err(format!(
                "`{other}` is not an Andon level; use `red`, `yellow` or `green`"
            )),
        }
    }
}

/// A rule's configured level: a colour, or switched off.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Level {
    Off,
    On(Andon),
}

impl Level {
    pub fn andon(self) -> Option<Andon> {
        match self {
            Level::Off => None,
            Level::On(andon) => Some(andon),
        }
    }
}

impl FromStr for Level {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "off" => Ok(Level::Off),
            other => other.parse().map(Level::On).map_err(|_| {
                format!("`{other}` is not a rule level; use `red`, `yellow`, `green` or `off`")
            }),
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Level::Off => f.write_str("off"),
            Level::On(andon) => andon.fmt(f),
        }
    }
}

/// Counts of findings per Andon colour: the board shown by the checker and
/// the editor status light.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Board {
    pub red: usize,
    pub yellow: usize,
    pub green: usize,
}

impl Board {
    pub fn add(&mut self, andon: Andon) {
        match andon {
            Andon::Red => self.red += 1,
            Andon::Yellow => self.yellow += 1,
            Andon::Green => self.green += 1,
        }
    }

    pub fn count(&self, andon: Andon) -> usize {
        match andon {
            Andon::Red => self.red,
            Andon::Yellow => self.yellow,
            Andon::Green => self.green,
        }
    }

    /// The highest colour present, if any finding exists.
    pub fn highest(&self) -> Option<Andon> {
        Andon::ALL.into_iter().find(|&andon| self.count(andon) > 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_parse_and_order() {
        assert_eq!("off".parse::<Level>(), Ok(Level::Off));
        assert_eq!("yellow".parse::<Level>(), Ok(Level::On(Andon::Yellow)));
        assert!("orange".parse::<Level>().is_err());
        assert!(Andon::Red > Andon::Yellow && Andon::Yellow > Andon::Green);
    }

    #[test]
    fn board_reports_the_highest_colour() {
        let mut board = Board::default();
        assert_eq!(board.highest(), None);
        board.add(Andon::Green);
        board.add(Andon::Yellow);
        assert_eq!(board.highest(), Some(Andon::Yellow));
    }
}
