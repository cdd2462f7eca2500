//! Which characters draw what.
//!
//! Text art uses many spellings of the same stroke: light, heavy, double and rounded
//! box drawing, and ASCII. Keeping the classes in one place makes every other module
//! agree on them. ASCII strokes (`- = . < > | +`) also occur in ordinary text, so the
//! callers only trust them in context (an arrow run, a lifeline column).

/// Top-left box corner.
pub fn is_top_left(c: char) -> bool {
    matches!(c, '┌' | '┍' | '┎' | '┏' | '╒' | '╓' | '╔' | '╭' | '+')
}

/// Top-right box corner.
pub fn is_top_right(c: char) -> bool {
    matches!(c, '┐' | '┑' | '┒' | '┓' | '╕' | '╖' | '╗' | '╮' | '+')
}

/// Bottom-left box corner.
pub fn is_bottom_left(c: char) -> bool {
    matches!(c, '└' | '┕' | '┖' | '┗' | '╘' | '╙' | '╚' | '╰' | '+')
}

/// Bottom-right box corner.
pub fn is_bottom_right(c: char) -> bool {
    matches!(c, '┘' | '┙' | '┚' | '┛' | '╛' | '╜' | '╝' | '╯' | '+')
}

/// A horizontal stroke drawn with a solid line.
pub fn is_solid_shaft(c: char) -> bool {
    matches!(c, '─' | '━' | '═' | '―' | '-' | '=')
}

/// A horizontal stroke drawn dashed or dotted: a reply in sequence diagrams.
pub fn is_dashed_shaft(c: char) -> bool {
    matches!(c, '┄' | '┅' | '┈' | '┉' | '╌' | '╍' | '.' | '·')
}

pub fn is_shaft(c: char) -> bool {
    is_solid_shaft(c) || is_dashed_shaft(c)
}

/// An arrow head pointing right.
pub fn is_head_right(c: char) -> bool {
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
pub fn is_head_left(c: char) -> bool {
    matches!(c, '←' | '◀' | '◄' | '<' | '◁' | '◂' | '⟵' | '⇐' | '⟸' | '❮')
}

pub fn is_head(c: char) -> bool {
    is_head_right(c) || is_head_left(c)
}

/// A vertical stroke: a box side or a lifeline.
pub fn is_vertical(c: char) -> bool {
    matches!(c, '│' | '┃' | '║' | '┆' | '┇' | '┊' | '┋' | '╎' | '╏' | '|')
}

/// Where a horizontal stroke meets a vertical one.
pub fn is_junction(c: char) -> bool {
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
pub fn is_lifeline_mark(c: char) -> bool {
    is_vertical(c) || is_junction(c)
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
}
