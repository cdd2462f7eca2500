//! Which characters draw what.
//!
//! Text art uses many spellings of the same stroke: light, heavy, double and rounded
//! box drawing, and ASCII. Keeping the classes in one place makes every other module
//! agree on them. ASCII strokes (`- = . < > | +`) also occur in ordinary text, so the
//! callers only trust them in context (an arrow run, a lifeline column).

/// What a character can draw, as a set of bits.
///
/// Every pass over a grid asks the same questions of each cell (a corner? a stroke? a
/// lifeline?). The grid works the answers out once per cell, with a table lookup for
/// ASCII and box drawing, so a pass tests a bit instead of matching the character
/// against the lists below. The classes agree with the `is_*` functions exactly (a
/// test goes through every char).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Glyph(u16);

impl Glyph {
    pub const NONE: Glyph = Glyph(0);
    pub const TOP_LEFT: Glyph = Glyph(1);
    pub const TOP_RIGHT: Glyph = Glyph(1 << 1);
    pub const BOTTOM_LEFT: Glyph = Glyph(1 << 2);
    pub const BOTTOM_RIGHT: Glyph = Glyph(1 << 3);
    pub const SOLID_SHAFT: Glyph = Glyph(1 << 4);
    pub const DASHED_SHAFT: Glyph = Glyph(1 << 5);
    pub const HEAD_LEFT: Glyph = Glyph(1 << 6);
    pub const HEAD_RIGHT: Glyph = Glyph(1 << 7);
    pub const VERTICAL: Glyph = Glyph(1 << 8);
    pub const JUNCTION: Glyph = Glyph(1 << 9);
    /// A head drawn on a vertical line (`▼ ▲ ↓ ↑ v ^`).
    pub const VERTICAL_HEAD: Glyph = Glyph(1 << 10);
    /// In the Box Drawing or Block Elements blocks (U+2500 to U+259F): never text.
    pub const DRAWING: Glyph = Glyph(1 << 11);
    /// Whitespace (`char::is_whitespace`).
    pub const SPACE: Glyph = Glyph(1 << 12);
    /// Neither a blank (`' '`) nor a lifeline stroke: a row with one is not clean.
    pub const INK: Glyph = Glyph(1 << 13);
    /// Neither whitespace nor drawing: what a phrase of text can start with.
    pub const TEXT: Glyph = Glyph(1 << 14);

    pub const SHAFT: Glyph = Self::SOLID_SHAFT.or(Self::DASHED_SHAFT);
    pub const HEAD: Glyph = Self::HEAD_LEFT.or(Self::HEAD_RIGHT);
    pub const LIFELINE_MARK: Glyph = Self::VERTICAL.or(Self::JUNCTION);
    /// What an arrow's run is made of: shafts, heads and junctions.
    pub const STROKE: Glyph = Self::SHAFT.or(Self::HEAD).or(Self::JUNCTION);

    /// The classes of `c`.
    #[inline]
    pub fn of(c: char) -> Glyph {
        let code = u32::from(c);
        let in_table = |table: &[Glyph; 128], first: u32| {
            table.get(code.wrapping_sub(first) as usize).copied()
        };
        in_table(&ASCII_GLYPHS, 0)
            .or_else(|| in_table(&BOX_GLYPHS, BOX_FIRST))
            .or_else(|| in_table(&SHAPE_GLYPHS, SHAPE_FIRST))
            .or_else(|| in_table(&ARROW_GLYPHS, ARROW_FIRST))
            .unwrap_or_else(|| classify(c, c.is_whitespace()))
    }

    /// The classes of an ASCII char, given as its byte (the high bit is ignored).
    #[inline]
    pub const fn of_ascii(byte: u8) -> Glyph {
        ASCII_GLYPHS[(byte & 0x7F) as usize]
    }

    /// The classes of the Box Drawing char U+2500 + `offset` (only its low 7 bits count).
    #[inline]
    pub fn of_box_drawing(offset: u8) -> Glyph {
        BOX_GLYPHS[usize::from(offset & 0x7F)]
    }

    /// The classes of both.
    pub const fn or(self, other: Glyph) -> Glyph {
        Glyph(self.0 | other.0)
    }

    /// True when `self` has any of the classes in `classes`.
    pub const fn any(self, classes: Glyph) -> bool {
        self.0 & classes.0 != 0
    }
}

/// The blocks drawings are made of have tables of their own: ASCII, Box Drawing,
/// Block Elements with Geometric Shapes (`▶ ◀ ▼`), and Arrows (`← → ⇒`, in the
/// 128 chars from U+2180).
const ASCII_GLYPHS: [Glyph; 128] = table(0);
const BOX_FIRST: u32 = 0x2500;
const BOX_GLYPHS: [Glyph; 128] = table(BOX_FIRST);
const SHAPE_FIRST: u32 = 0x2580;
const SHAPE_GLYPHS: [Glyph; 128] = table(SHAPE_FIRST);
const ARROW_FIRST: u32 = 0x2180;
const ARROW_GLYPHS: [Glyph; 128] = table(ARROW_FIRST);

/// The classes of the 128 chars from `first` on.
const fn table(first: u32) -> [Glyph; 128] {
    let mut out = [Glyph::NONE; 128];
    let mut i = 0;
    while i < out.len() {
        if let Some(c) = char::from_u32(first + i as u32) {
            // `char::is_whitespace` as far as these tables go: only ASCII has any (the
            // test of every char checks it).
            let space = matches!(c, '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ');
            out[i] = classify(c, space);
        }
        i += 1;
    }
    out
}

/// The classes of `c`, told whether it is whitespace (a test the tables make for ASCII
/// only, since `char::is_whitespace` cannot run while they are built).
const fn classify(c: char, space: bool) -> Glyph {
    let drawing = matches!(c, '\u{2500}'..='\u{259F}');
    let classes = [
        (is_top_left(c), Glyph::TOP_LEFT),
        (is_top_right(c), Glyph::TOP_RIGHT),
        (is_bottom_left(c), Glyph::BOTTOM_LEFT),
        (is_bottom_right(c), Glyph::BOTTOM_RIGHT),
        (is_solid_shaft(c), Glyph::SOLID_SHAFT),
        (is_dashed_shaft(c), Glyph::DASHED_SHAFT),
        (is_head_left(c), Glyph::HEAD_LEFT),
        (is_head_right(c), Glyph::HEAD_RIGHT),
        (is_vertical(c), Glyph::VERTICAL),
        (is_junction(c), Glyph::JUNCTION),
        (is_vertical_head(c), Glyph::VERTICAL_HEAD),
        (drawing, Glyph::DRAWING),
        (space, Glyph::SPACE),
        (c != ' ' && !is_lifeline_mark(c), Glyph::INK),
        (!space && !drawing, Glyph::TEXT),
    ];
    let mut bits = Glyph::NONE;
    let mut i = 0;
    while i < classes.len() {
        if classes[i].0 {
            bits = bits.or(classes[i].1);
        }
        i += 1;
    }
    bits
}

/// Top-left box corner.
pub const fn is_top_left(c: char) -> bool {
    matches!(c, '┌' | '┍' | '┎' | '┏' | '╒' | '╓' | '╔' | '╭' | '+')
}

/// Top-right box corner.
pub const fn is_top_right(c: char) -> bool {
    matches!(c, '┐' | '┑' | '┒' | '┓' | '╕' | '╖' | '╗' | '╮' | '+')
}

/// Bottom-left box corner.
pub const fn is_bottom_left(c: char) -> bool {
    matches!(c, '└' | '┕' | '┖' | '┗' | '╘' | '╙' | '╚' | '╰' | '+')
}

/// Bottom-right box corner.
pub const fn is_bottom_right(c: char) -> bool {
    matches!(c, '┘' | '┙' | '┚' | '┛' | '╛' | '╜' | '╝' | '╯' | '+')
}

/// A horizontal stroke drawn with a solid line.
pub const fn is_solid_shaft(c: char) -> bool {
    matches!(c, '─' | '━' | '═' | '―' | '-' | '=')
}

/// A horizontal stroke drawn dashed or dotted: a reply in sequence diagrams.
pub const fn is_dashed_shaft(c: char) -> bool {
    matches!(c, '┄' | '┅' | '┈' | '┉' | '╌' | '╍' | '.' | '·')
}

pub const fn is_shaft(c: char) -> bool {
    is_solid_shaft(c) || is_dashed_shaft(c)
}

/// An arrow head pointing right.
pub const fn is_head_right(c: char) -> bool {
    matches!(
        c,
        '→' | '▶'
            | '►'
            | '>'
            | '▷'
            | '▸'
            | '⟶'
            | '➔'
            | '➜'
            | '➝'
            | '➞'
            | '⇒'
            | '⟹'
            | '❯'
    )
}

/// An arrow head pointing left.
pub const fn is_head_left(c: char) -> bool {
    matches!(c, '←' | '◀' | '◄' | '<' | '◁' | '◂' | '⟵' | '⇐' | '⟸' | '❮')
}

pub const fn is_head(c: char) -> bool {
    is_head_right(c) || is_head_left(c)
}

/// A vertical stroke: a box side or a lifeline.
pub const fn is_vertical(c: char) -> bool {
    matches!(c, '│' | '┃' | '║' | '┆' | '┇' | '┊' | '┋' | '╎' | '╏' | '|')
}

/// Where a horizontal stroke meets a vertical one.
pub const fn is_junction(c: char) -> bool {
    matches!(
        c,
        '├' | '┤'
            | '┬'
            | '┴'
            | '┼'
            | '┝'
            | '┥'
            | '┠'
            | '┨'
            | '┣'
            | '┫'
            | '┯'
            | '┷'
            | '┳'
            | '┻'
            | '┿'
            | '╋'
            | '╞'
            | '╡'
            | '╟'
            | '╢'
            | '╠'
            | '╣'
            | '╤'
            | '╧'
            | '╥'
            | '╨'
            | '╦'
            | '╩'
            | '╪'
            | '╫'
            | '╬'
            | '+'
    )
}

/// A junction that a lifeline passes through downwards (so the lifeline goes on).
pub const fn is_lifeline_mark(c: char) -> bool {
    is_vertical(c) || is_junction(c)
}

/// A head drawn on a vertical line: `▼ ▲ ↓ ↑`, or ASCII `v ^` in the right place.
pub const fn is_vertical_head(c: char) -> bool {
    matches!(
        c,
        '▼' | '▲' | '↓' | '↑' | '▽' | '△' | '▾' | '▴' | 'v' | 'V' | '^'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corners_cover_light_heavy_double_rounded_and_ascii() {
        for c in ['┌', '┏', '╔', '╭', '+'] {
            assert!(is_top_left(c), "{c}");
        }
        for c in ['┘', '┛', '╝', '╯', '+'] {
            assert!(is_bottom_right(c), "{c}");
        }
        assert!(!is_top_left('└'));
    }

    #[test]
    fn shafts_heads_and_junctions_are_told_apart() {
        assert!(is_solid_shaft('━') && is_solid_shaft('═') && is_solid_shaft('-'));
        assert!(is_dashed_shaft('┄') && is_dashed_shaft('.') && !is_dashed_shaft('-'));
        assert!(is_head_right('▶') && is_head_right('►') && is_head_right('>'));
        assert!(is_head_left('◀') && is_head_left('◄') && is_head_left('<'));
        assert!(is_junction('┴') && is_junction('+') && !is_junction('│'));
        assert!(is_vertical('┃') && is_vertical('|'));
    }

    /// The tables and the slow path give each char exactly the classes the `is_*`
    /// functions give it.
    #[test]
    fn glyph_classes_agree_with_the_predicates_for_every_char() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let g = Glyph::of(c);
            let expect = [
                (is_top_left(c), Glyph::TOP_LEFT),
                (is_top_right(c), Glyph::TOP_RIGHT),
                (is_bottom_left(c), Glyph::BOTTOM_LEFT),
                (is_bottom_right(c), Glyph::BOTTOM_RIGHT),
                (is_solid_shaft(c), Glyph::SOLID_SHAFT),
                (is_dashed_shaft(c), Glyph::DASHED_SHAFT),
                (is_head_left(c), Glyph::HEAD_LEFT),
                (is_head_right(c), Glyph::HEAD_RIGHT),
                (is_vertical(c), Glyph::VERTICAL),
                (is_junction(c), Glyph::JUNCTION),
                (is_vertical_head(c), Glyph::VERTICAL_HEAD),
                (('\u{2500}'..='\u{259F}').contains(&c), Glyph::DRAWING),
                (c.is_whitespace(), Glyph::SPACE),
                (c != ' ' && !is_lifeline_mark(c), Glyph::INK),
                (
                    !c.is_whitespace() && !('\u{2500}'..='\u{259F}').contains(&c),
                    Glyph::TEXT,
                ),
            ];
            for (holds, class) in expect {
                assert_eq!(g.any(class), holds, "{c:?} {class:?}");
            }
            assert_eq!(g.any(Glyph::SHAFT), is_shaft(c), "{c:?}");
            assert_eq!(g.any(Glyph::HEAD), is_head(c), "{c:?}");
            assert_eq!(g.any(Glyph::LIFELINE_MARK), is_lifeline_mark(c), "{c:?}");
        }
    }
}
