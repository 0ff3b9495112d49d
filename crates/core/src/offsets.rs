//! Byte offsets to Unicode code-point offsets, for writing readout/1 JSON.

/// Converts byte offsets of one text into code-point offsets in O(1) amortised time.
///
/// It stores the code-point count at every 64th byte, so it needs one `u32` per 64
/// bytes of text.
#[derive(Debug, Clone)]
pub struct CharOffsets<'a> {
    text: &'a str,
    checkpoints: Vec<u32>,
}

const STEP: usize = 64;

impl<'a> CharOffsets<'a> {
    /// Indexes `text`.
    #[must_use]
    pub fn new(text: &'a str) -> CharOffsets<'a> {
        let bytes = text.as_bytes();
        let mut checkpoints = Vec::with_capacity(bytes.len() / STEP + 1);
        let mut count = 0u32;
        for (i, &b) in bytes.iter().enumerate() {
            if i % STEP == 0 {
                checkpoints.push(count);
            }
            // Every byte that is not a UTF-8 continuation byte starts a code point.
            count += u32::from((b & 0xC0) != 0x80);
        }
        CharOffsets { text, checkpoints }
    }

    /// The code-point offset of byte offset `byte` (clamped to the text's length).
    #[must_use]
    pub fn char_of(&self, byte: u32) -> u32 {
        let byte = (byte as usize).min(self.text.len());
        let block = byte / STEP;
        let Some(&base) = self.checkpoints.get(block) else {
            return self.text.chars().count() as u32;
        };
        let from = block * STEP;
        let extra = self.text.as_bytes()[from..byte]
            .iter()
            .filter(|&&b| (b & 0xC0) != 0x80)
            .count();
        base + extra as u32
    }

    /// The total number of code points.
    #[must_use]
    pub fn total(&self) -> u32 {
        self.char_of(self.text.len() as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_char_indices() {
        let text = "a€b’c\u{feff}d".repeat(40);
        let map = CharOffsets::new(&text);
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(map.char_of(bi as u32), ci as u32);
        }
        assert_eq!(map.total() as usize, text.chars().count());
        assert_eq!(CharOffsets::new("").total(), 0);
    }
}
