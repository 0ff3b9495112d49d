//! The linguistic base shared by the tagger and the parser: hashed feature tables of
//! quantised weights and their averaged-perceptron training.
//!
//! A feature is a 64-bit hash; it selects one row of a fixed-size table, and the row holds
//! one weight per class. Trained weights are averaged, scaled to `i16` and stored with a
//! bitmap of the rows in use, so that the files stay small and load in a few milliseconds.

pub mod parser;
pub mod tagger;

/// Mixes a value into a running feature hash (a multiply-rotate-xorshift step).
#[inline]
pub(crate) fn mix(h: u64, v: u64) -> u64 {
    // Spreading `h` before combining keeps the step order-sensitive and free of the
    // collisions a plain xor of two small values would have.
    let x = (h.wrapping_mul(0xA24B_AED4_963E_E407).rotate_left(29) ^ v)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^ (x >> 29)
}

/// The hash of a word form, case-folded, with typographic quotes made straight.
pub(crate) fn word_hash(form: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64;
    for c in form.chars() {
        let c = fold(c);
        h = (h ^ u64::from(c)).wrapping_mul(0x100_0000_01b3);
    }
    mix(h, 1)
}

/// Lower-cases a character and makes typographic quotes and apostrophes straight.
#[inline]
pub(crate) fn fold(c: char) -> u32 {
    match c {
        '’' | '‘' | 'ʼ' | '‚' => u32::from('\''),
        '“' | '”' | '„' | '«' | '»' => u32::from('"'),
        c if c.is_ascii() => u32::from(c.to_ascii_lowercase()),
        c => c.to_lowercase().next().map_or(u32::from(c), u32::from),
    }
}

const MAGIC: &[u8; 4] = b"RDW2";

/// A table of `i16` weights: `rows` rows (a power of two) of `classes` weights each.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    mask: u64,
    classes: usize,
    w: Vec<i16>,
}

impl Table {
    /// Adds the weights of feature `f` to `scores`.
    #[inline]
    pub(crate) fn add(&self, f: u64, scores: &mut [i32]) {
        let row = (f & self.mask) as usize * self.classes;
        if let Some(ws) = self.w.get(row..row + self.classes) {
            for (s, &w) in scores.iter_mut().zip(ws) {
                *s += i32::from(w);
            }
        }
    }

    /// Adds the weights of every feature in `feats` to `scores`.
    ///
    /// On varied text most rows are not in the cache, so a first loop only reads one
    /// weight of each row: the loads are independent and the processor overlaps their
    /// misses, after which the second loop finds every row cached.
    #[inline]
    pub(crate) fn add_all(&self, feats: &[u64], scores: &mut [i32]) {
        let mut touch = 0i16;
        for &f in feats {
            let row = (f & self.mask) as usize * self.classes;
            let last = row + self.classes - 1;
            touch ^= self.w.get(row).copied().unwrap_or(0) ^ self.w.get(last).copied().unwrap_or(0);
        }
        std::hint::black_box(touch);
        for &f in feats {
            self.add(f, scores);
        }
    }

    /// Number of rows.
    pub(crate) fn rows(&self) -> usize {
        self.mask as usize + 1
    }

    /// Number of classes.
    pub(crate) fn classes(&self) -> usize {
        self.classes
    }

    /// Serialises the table: magic, log2 of rows, classes, the number of non-zero weights,
    /// then each non-zero weight as the count of zeros before it (LEB128) and its value
    /// (`i16`, little-endian).
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let rows = self.mask as usize + 1;
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(rows.trailing_zeros()).to_le_bytes());
        out.extend_from_slice(&(self.classes as u32).to_le_bytes());
        let nonzero = self.w.iter().filter(|&&w| w != 0).count() as u32;
        out.extend_from_slice(&nonzero.to_le_bytes());
        let mut skip = 0u64;
        for &w in &self.w {
            if w == 0 {
                skip += 1;
                continue;
            }
            loop {
                let byte = (skip & 0x7f) as u8;
                skip >>= 7;
                if skip == 0 {
                    out.push(byte);
                    break;
                }
                out.push(byte | 0x80);
            }
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// Reads a table written by [`Table::to_bytes`]; `None` when the bytes are malformed.
    /// Returns the table and the bytes after it.
    pub(crate) fn from_bytes(b: &[u8]) -> Option<(Table, &[u8])> {
        if b.get(..4)? != MAGIC {
            return None;
        }
        let log2 = u32::from_le_bytes(b.get(4..8)?.try_into().ok()?);
        let classes = u32::from_le_bytes(b.get(8..12)?.try_into().ok()?) as usize;
        let nonzero = u32::from_le_bytes(b.get(12..16)?.try_into().ok()?);
        if log2 > 26 || classes == 0 || classes > 256 {
            return None;
        }
        let rows = 1usize << log2;
        let mut w = vec![0i16; rows * classes];
        let mut pos = 16;
        let mut at = 0usize;
        for _ in 0..nonzero {
            let mut skip = 0usize;
            let mut shift = 0;
            loop {
                let byte = *b.get(pos)?;
                pos += 1;
                skip |= usize::from(byte & 0x7f).checked_shl(shift)?;
                shift += 7;
                if byte & 0x80 == 0 || shift > 35 {
                    break;
                }
            }
            at = at.checked_add(skip)?;
            let v = b.get(pos..pos + 2)?;
            *w.get_mut(at)? = i16::from_le_bytes([v[0], v[1]]);
            pos += 2;
            at += 1;
        }
        Some((
            Table {
                mask: (rows - 1) as u64,
                classes,
                w,
            },
            b.get(pos..)?,
        ))
    }
}

/// An averaged perceptron over a hashed feature table, for training.
#[derive(Debug, Clone)]
pub(crate) struct Trainer {
    mask: u64,
    classes: usize,
    w: Vec<f32>,
    total: Vec<f64>,
    stamp: Vec<u32>,
    step: u32,
}

impl Trainer {
    /// A trainer with `1 << log2_rows` rows of `classes` weights.
    pub(crate) fn new(log2_rows: u32, classes: usize) -> Trainer {
        let n = (1usize << log2_rows) * classes;
        Trainer {
            mask: (1u64 << log2_rows) - 1,
            classes,
            w: vec![0.0; n],
            total: vec![0.0; n],
            stamp: vec![0; n],
            step: 0,
        }
    }

    /// Scores every class for a feature set.
    pub(crate) fn scores(&self, feats: &[u64], out: &mut [f32]) {
        out.iter_mut().for_each(|s| *s = 0.0);
        for &f in feats {
            let row = (f & self.mask) as usize * self.classes;
            for (s, w) in out.iter_mut().zip(&self.w[row..row + self.classes]) {
                *s += *w;
            }
        }
    }

    /// Counts one training instance (for averaging).
    pub(crate) fn tick(&mut self) {
        self.step += 1;
    }

    /// Adds `delta` to the weight of `class` for each feature.
    pub(crate) fn update(&mut self, feats: &[u64], class: usize, delta: f32) {
        for &f in feats {
            let i = (f & self.mask) as usize * self.classes + class;
            self.total[i] += f64::from(self.step - self.stamp[i]) * f64::from(self.w[i]);
            self.stamp[i] = self.step;
            self.w[i] += delta;
        }
    }

    /// The averaged weights, unscaled (one per row and class).
    pub(crate) fn averaged(&self) -> Vec<f64> {
        let steps = f64::from(self.step.max(1));
        (0..self.w.len())
            .map(|i| {
                (self.total[i] + f64::from(self.step - self.stamp[i]) * f64::from(self.w[i]))
                    / steps
            })
            .collect()
    }

    /// The averaged weights, scaled so that the largest is 8000 and rounded to `i16`;
    /// weights below `prune` after scaling become zero, which keeps the files small.
    pub(crate) fn finish(&self, prune: f64) -> Table {
        Table::quantised(self.mask, self.classes, &self.averaged(), prune)
    }
}

impl Table {
    /// A table from unscaled weights (`classes` per row, `mask + 1` rows), scaled so that
    /// the largest is 8000 and rounded to `i16`; weights below `prune` after scaling become
    /// zero.
    pub(crate) fn quantised(mask: u64, classes: usize, avg: &[f64], prune: f64) -> Table {
        let max = avg.iter().fold(0.0f64, |m, &x| m.max(x.abs())).max(1e-9);
        let scale = 8000.0 / max;
        let w = avg
            .iter()
            .map(|&x| {
                let q = (x * scale).round();
                if q.abs() < prune {
                    0
                } else {
                    q as i16
                }
            })
            .collect();
        Table { mask, classes, w }
    }
}

/// The shuffling seed of bag `b` when several averaged perceptrons are trained and
/// averaged (bag 0 keeps `seed`, so one bag is the single perceptron).
pub(crate) fn bag_seed(seed: u64, b: usize) -> u64 {
    seed ^ (b as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// Adds one bag's unscaled averaged weights to the running sum of all bags.
pub(crate) fn add_bag(sum: &mut Vec<f64>, avg: Vec<f64>) {
    if sum.is_empty() {
        *sum = avg;
    } else {
        sum.iter_mut().zip(&avg).for_each(|(s, a)| *s += a);
    }
}

/// A small deterministic random number generator (xorshift64*) for shuffling.
#[derive(Debug, Clone)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x2545_F491_4F6C_DD1D) | 1)
    }

    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Shuffles `v` in place.
    pub(crate) fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_round_trip_through_bytes() {
        let mut tr = Trainer::new(4, 3);
        tr.tick();
        tr.update(&[5, 6], 1, 1.0);
        tr.update(&[5], 2, -0.5);
        tr.tick();
        let t = tr.finish(0.0);
        let bytes = t.to_bytes();
        let (back, rest) =
            Table::from_bytes(&bytes).unwrap_or((Trainer::new(1, 1).finish(0.0), b"x"));
        assert!(rest.is_empty());
        assert_eq!(back.w, t.w);
        let mut s = [0i32; 3];
        back.add(5, &mut s);
        assert_eq!(s, [0, 8000, -4000]);
    }

    #[test]
    fn malformed_tables_are_rejected() {
        let bytes = Trainer::new(3, 2).finish(0.0).to_bytes();
        assert!(Table::from_bytes(&bytes[..bytes.len() - 1]).is_none() || bytes.len() == 16);
        assert!(Table::from_bytes(b"RDW2").is_none());
        assert!(Table::from_bytes(b"nope and more bytes").is_none());
        // A skip past the end of the table.
        let mut bad = bytes[..12].to_vec();
        bad.extend_from_slice(&1u32.to_le_bytes());
        bad.extend_from_slice(&[0xff, 0x7f, 1, 0]);
        assert!(Table::from_bytes(&bad).is_none());
    }

    #[test]
    fn folding_makes_quotes_straight_and_lowers_case() {
        assert_eq!(word_hash("Don’t"), word_hash("don't"));
        assert_ne!(word_hash("don't"), word_hash("dont"));
        assert_ne!(mix(mix(0, 1), 2), mix(mix(0, 2), 1));
    }
}
