//! What the repair rules know about individual characters: which ones text really
//! uses (the only ones a lost byte is ever restored to), how box-drawing and arrow
//! characters connect to their neighbours, and which ones are emoji by default.
//!
//! These tables are deliberately small. A lost byte is restored only to a character
//! on the allow-list below; anything else (a CJK ideograph, a Vietnamese letter, an
//! APL symbol) is far too ambiguous to guess and would also let ordinary text such
//! as "café’s" look like damaged UTF-8.

/// Directions, in the order arms are stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    Up = 0,
    Right = 1,
    Down = 2,
    Left = 3,
}

impl Dir {
    pub const ALL: [Dir; 4] = [Dir::Up, Dir::Right, Dir::Down, Dir::Left];

    pub fn opposite(self) -> Dir {
        match self {
            Dir::Up => Dir::Down,
            Dir::Right => Dir::Left,
            Dir::Down => Dir::Up,
            Dir::Left => Dir::Right,
        }
    }
}

/// Arms of U+2500..=U+257F, two bits per direction (up, right, down, left from the
/// low bits), generated from the Unicode character names ("DOWN LIGHT AND RIGHT
/// HEAVY" → down 1, right 2). Dashed lines count as lines; diagonals have no arms.
#[rustfmt::skip]
const ARMS: [u8; 128] = [0x44,0x88,0x11,0x22,0x44,0x88,0x11,0x22,0x44,0x88,0x11,0x22,0x14,0x18,0x24,0x28,0x50,0x90,0x60,0xa0,0x05,0x09,0x06,0x0a,0x41,0x81,0x42,0x82,0x15,0x19,0x16,0x25,0x26,0x1a,0x29,0x2a,0x51,0x91,0x52,0x61,0x62,0x92,0xa1,0xa2,0x54,0x94,0x58,0x98,0x64,0xa4,0x68,0xa8,0x45,0x85,0x49,0x89,0x46,0x86,0x4a,0x8a,0x55,0x95,0x59,0x99,0x56,0x65,0x66,0x96,0x5a,0xa5,0x69,0x9a,0xa9,0xa6,0x6a,0xaa,0x44,0x88,0x11,0x22,0xcc,0x33,0x1c,0x34,0x3c,0xd0,0x70,0xf0,0x0d,0x07,0x0f,0xc1,0x43,0xc3,0x1d,0x37,0x3f,0xd1,0x73,0xf3,0xdc,0x74,0xfc,0xcd,0x47,0xcf,0xdd,0x77,0xff,0x14,0x50,0x41,0x05,0x00,0x00,0x00,0x40,0x01,0x04,0x10,0x80,0x02,0x08,0x20,0x48,0x21,0x84,0x12];

/// How `c` connects to the cell in direction `d`: 0 none, 1 light, 2 heavy,
/// 3 double. Box drawing by its name; ASCII art by its usual reading; an arrowhead
/// connects towards its shaft (→ to the left).
pub fn arm(c: char, d: Dir) -> u8 {
    let cp = c as u32;
    if (0x2500..=0x257F).contains(&cp) {
        return (ARMS[(cp - 0x2500) as usize] >> (2 * d as u8)) & 3;
    }
    let arms: [u8; 4] = match c {
        '-' => [0, 1, 0, 1],
        '|' => [1, 0, 1, 0],
        '+' => [1, 1, 1, 1],
        '=' => [0, 3, 0, 3],
        '→' | '▶' | '►' | '⇒' | '➝' | '↝' | '⇝' | '⇁' | '⇏' => [0, 0, 0, 1],
        '←' | '◀' | '◄' | '⇐' | '⇍' => [0, 1, 0, 0],
        '↑' | '▲' | '⇑' => [0, 0, 1, 0],
        '↓' | '▼' | '⇓' => [1, 0, 0, 0],
        _ => return 0,
    };
    arms[d as usize]
}

pub fn is_box_drawing(c: char) -> bool {
    ('\u{2500}'..='\u{257F}').contains(&c)
}

/// The way an arrow points, for the arrows a lost byte can produce (and the plain
/// ones). `None` for everything else.
pub fn arrow_dir(c: char) -> Option<Dir> {
    Some(match c {
        '←' | '⇐' | '⇍' => Dir::Left,
        '→' | '⇒' | '↝' | '⇝' | '⇁' | '⇏' | '➝' => Dir::Right,
        '↑' | '⇑' => Dir::Up,
        '↓' | '⇓' => Dir::Down,
        _ => return None,
    })
}

/// The arrows people type: preferred when several arrows point the right way.
pub fn is_plain_arrow(c: char) -> bool {
    matches!(c, '←' | '→' | '↑' | '↓' | '↔' | '↕' | '⇐' | '⇒' | '⇑' | '⇓')
}

/// Characters shown as emoji without a variation selector (Unicode
/// Emoji_Presentation=Yes) in the BMP; everything from U+1F300 on counts as well.
pub fn is_emoji_presentation(c: char) -> bool {
    let cp = c as u32;
    if cp >= 0x1F300 {
        return true;
    }
    matches!(cp,
        0x231A..=0x231B | 0x23E9..=0x23EC | 0x23F0 | 0x23F3 | 0x25FD..=0x25FE
        | 0x2614..=0x2615 | 0x2648..=0x2653 | 0x267F | 0x2693 | 0x26A1
        | 0x26AA..=0x26AB | 0x26BD..=0x26BE | 0x26C4..=0x26C5 | 0x26CE | 0x26D4
        | 0x26EA | 0x26F2..=0x26F3 | 0x26F5 | 0x26FA | 0x26FD | 0x2705
        | 0x270A..=0x270B | 0x2728 | 0x274C | 0x274E | 0x2753..=0x2755 | 0x2757
        | 0x2795..=0x2797 | 0x27B0 | 0x27BF | 0x2B1B..=0x2B1C | 0x2B50 | 0x2B55)
}

/// A picture character: what a zero-width joiner or a variation selector follows.
pub fn is_pictographic(c: char) -> bool {
    let cp = c as u32;
    (0x2190..=0x2BFF).contains(&cp) || cp >= 0x1F000 || is_emoji_presentation(c)
}

/// Characters a lost byte may be restored to: the symbols specs and chat text
/// actually use. Letters of any script are left out on purpose (see the module
/// header), so are the obscure neighbours of these blocks.
pub fn is_restorable(c: char) -> bool {
    let cp = c as u32;
    matches!(cp,
        0x200D              // zero-width joiner, inside emoji sequences
        | 0x201D            // right double quotation mark
        | 0x2190..=0x21FF   // arrows
        | 0x2200..=0x22FF   // mathematical operators
        | 0x2500..=0x25FF   // box drawing, block elements, geometric shapes
        | 0x2600..=0x27BF   // miscellaneous symbols, dingbats
        | 0xFE0F            // emoji variation selector
        | 0x1F300..=0x1F64F | 0x1F680..=0x1F6FF | 0x1F900..=0x1F9FF | 0x1FA70..=0x1FAFF)
        || is_emoji_presentation(c)
}

/// A character and the one it is usually seen with: a lost "←" is trusted more in
/// a document that writes "→".
pub fn partner(c: char) -> Option<char> {
    Some(match c {
        '←' => '→',
        '⇐' => '⇒',
        '”' => '“',
        '❌' => '✅',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arms(c: char) -> [u8; 4] {
        Dir::ALL.map(|d| arm(c, d))
    }

    #[test]
    fn box_arms_follow_the_names() {
        assert_eq!(arms('┐'), [0, 0, 1, 1]);
        assert_eq!(arms('━'), [0, 2, 0, 2]);
        assert_eq!(arms('┍'), [0, 2, 1, 0]);
        assert_eq!(arms('╝'), [3, 0, 0, 3]);
        assert_eq!(arms('╼'), [0, 2, 0, 1]);
        assert_eq!(arms('┞'), [2, 1, 1, 0]);
        assert_eq!(arms('╳'), [0, 0, 0, 0]);
        assert_eq!(arms('→'), [0, 0, 0, 1]);
        assert_eq!(arms('a'), [0, 0, 0, 0]);
    }

    #[test]
    fn allow_list() {
        for c in ['┐', '←', '❌', '”', '\u{200D}', '\u{FE0F}', '👍', '⭐'] {
            assert!(is_restorable(c), "{c}");
        }
        for c in ['中', 'ọ', 'ł', '⌐', '\u{2181}', '\u{0801}'] {
            assert!(!is_restorable(c), "{c}");
        }
    }
}
