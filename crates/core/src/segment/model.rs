//! The line-role model: a linear-chain model over line roles, decoded with Viterbi.
//!
//! Weights are trained by `cargo xtask train-segment` (the mean of averaged structured
//! perceptrons and linear-chain CRFs trained on the same generated dumps) and stored
//! quantised in `models/segment/weights.bin`.

use super::features::{LineFeatures, FEATURE_BITS};

/// The role of a line in a dump.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// The first line of an article: its headline, or a standfirst that opens it.
    Lead = 0,
    /// A standfirst right after the headline.
    Standfirst = 1,
    /// A body paragraph.
    Body = 2,
    /// A subheading inside the body.
    Subheading = 3,
    /// A credit or republication note.
    Credit = 4,
    /// Text that belongs to no article.
    Noise = 5,
}

/// Number of roles.
pub const ROLES: usize = 6;

impl Role {
    /// All roles, by number.
    pub const ALL: [Role; ROLES] = [
        Role::Lead,
        Role::Standfirst,
        Role::Body,
        Role::Subheading,
        Role::Credit,
        Role::Noise,
    ];

    /// The role with number `i`, if any.
    #[must_use]
    pub fn from_index(i: usize) -> Option<Role> {
        Role::ALL.get(i).copied()
    }

    /// True when the role may follow `prev` (`None`: the first line).
    ///
    /// A standfirst only follows a lead. Noise is text between articles (injected
    /// paragraphs, site furniture), so after noise comes more noise or a new article;
    /// clutter inside an article stays part of it.
    #[must_use]
    pub fn may_follow(self, prev: Option<Role>) -> bool {
        match self {
            Role::Standfirst => prev == Some(Role::Lead),
            Role::Lead | Role::Noise => true,
            Role::Body | Role::Subheading | Role::Credit => prev != Some(Role::Noise),
        }
    }
}

/// Model weights: per-feature emission weights for each role, and transitions.
#[derive(Debug, Clone)]
pub struct Weights {
    /// `emit[f * ROLES + r]`: weight of feature `f` for role `r`.
    pub emit: Vec<f32>,
    /// `trans[p * ROLES + r]`: weight of role `r` after role `p`.
    pub trans: Vec<f32>,
    /// `start[r]`: weight of role `r` on the first line.
    pub start: Vec<f32>,
}

/// Magic bytes at the start of a weight file.
const MAGIC: &[u8; 8] = b"RDSEG001";

impl Weights {
    /// All-zero weights.
    #[must_use]
    pub fn zero() -> Weights {
        Weights {
            emit: vec![0.0; (1 << FEATURE_BITS) * ROLES],
            trans: vec![0.0; ROLES * ROLES],
            start: vec![0.0; ROLES],
        }
    }

    /// Serialises the weights: emissions quantised to `i16` with one scale.
    #[must_use]
    pub fn encode(&self) -> Vec<u8> {
        let max = self.emit.iter().fold(0f32, |m, w| m.max(w.abs())).max(1e-9);
        let scale = max / f32::from(i16::MAX);
        let mut out = Vec::with_capacity(self.emit.len() * 2 + 256);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FEATURE_BITS.to_le_bytes());
        out.extend_from_slice(&(ROLES as u32).to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        for w in self.trans.iter().chain(&self.start) {
            out.extend_from_slice(&w.to_le_bytes());
        }
        for w in &self.emit {
            let q = (w / scale)
                .round()
                .clamp(f32::from(i16::MIN), f32::from(i16::MAX)) as i16;
            out.extend_from_slice(&q.to_le_bytes());
        }
        out
    }

    /// Reads weights written by [`Weights::encode`]; `None` when the bytes do not fit.
    #[must_use]
    pub fn decode(bytes: &[u8]) -> Option<Weights> {
        let rest = bytes.strip_prefix(MAGIC.as_slice())?;
        let u32_at = |b: &[u8], i: usize| -> Option<u32> {
            Some(u32::from_le_bytes(b.get(i..i + 4)?.try_into().ok()?))
        };
        if u32_at(rest, 0)? != FEATURE_BITS || u32_at(rest, 4)? as usize != ROLES {
            return None;
        }
        let scale = f32::from_bits(u32_at(rest, 8)?);
        let mut pos = 12;
        let mut floats = Vec::with_capacity(ROLES * ROLES + ROLES);
        for _ in 0..ROLES * ROLES + ROLES {
            floats.push(f32::from_bits(u32_at(rest, pos)?));
            pos += 4;
        }
        let n = (1usize << FEATURE_BITS) * ROLES;
        let body = rest.get(pos..pos + 2 * n)?;
        let emit = body
            .chunks_exact(2)
            .map(|c| f32::from(i16::from_le_bytes([c[0], c[1]])) * scale)
            .collect();
        let start = floats.split_off(ROLES * ROLES);
        Some(Weights {
            emit,
            trans: floats,
            start,
        })
    }

    /// Emission scores of every role for one line, added into `out`.
    pub fn emission(&self, feats: &[u32], out: &mut [f32; ROLES]) {
        for &f in feats {
            let base = f as usize * ROLES;
            if let Some(ws) = self.emit.get(base..base + ROLES) {
                for (o, w) in out.iter_mut().zip(ws) {
                    *o += *w;
                }
            }
        }
    }

    /// The best role sequence for the lines (Viterbi over the whole text).
    ///
    /// Besides [`Role::may_follow`], the decoder keeps an article at three lines or more
    /// (its lead and two more): each state also counts the lines since the last lead (0,
    /// 1, or 2 and more), and a new lead or noise may only come once that count reaches
    /// two. Only the last article of the text may be shorter (never a lone lead).
    #[must_use]
    pub fn decode_roles(&self, feats: &LineFeatures) -> Vec<Role> {
        const AGES: usize = 3;
        const STATES: usize = ROLES * AGES;
        let n = feats.len();
        if n == 0 {
            return Vec::new();
        }
        let noise = Role::Noise as usize;
        let mut back: Vec<[u8; STATES]> = Vec::with_capacity(n);
        let mut score = [f32::NEG_INFINITY; STATES];
        for i in 0..n {
            let mut e = [0f32; ROLES];
            self.emission(feats.line(i), &mut e);
            let mut next = [f32::NEG_INFINITY; STATES];
            let mut bp = [0u8; STATES];
            if i == 0 {
                for (r, role) in Role::ALL.iter().enumerate() {
                    if role.may_follow(None) {
                        let age = if *role == Role::Lead { 0 } else { AGES - 1 };
                        next[r * AGES + age] = self.start.get(r).copied().unwrap_or(0.0) + e[r];
                    }
                }
            } else {
                for (ps, &prev_score) in score.iter().enumerate() {
                    if prev_score == f32::NEG_INFINITY {
                        continue;
                    }
                    let (p, pa) = (ps / AGES, ps % AGES);
                    let prev = Role::from_index(p);
                    for (r, role) in Role::ALL.iter().enumerate() {
                        if !role.may_follow(prev) {
                            continue;
                        }
                        let age = match role {
                            Role::Lead | Role::Noise if p != noise && pa < AGES - 1 => continue,
                            Role::Lead => 0,
                            Role::Noise => AGES - 1,
                            _ => (pa + 1).min(AGES - 1),
                        };
                        let s = prev_score + self.trans.get(p * ROLES + r).copied().unwrap_or(0.0);
                        let to = r * AGES + age;
                        if s > next[to] {
                            next[to] = s;
                            bp[to] = ps as u8;
                        }
                    }
                }
                for (to, x) in next.iter_mut().enumerate() {
                    *x += e[to / AGES];
                }
            }
            score = next;
            back.push(bp);
        }
        // Noise sits between articles, so the text does not end on it, nor on a lone lead
        // (unless nothing else is possible).
        let pick = |ok: &dyn Fn(usize) -> bool| {
            (0..STATES)
                .filter(|&s| ok(s) && score[s] > f32::NEG_INFINITY)
                .max_by(|&a, &b| score[a].total_cmp(&score[b]))
        };
        let best = pick(&|s| s / AGES != noise && s % AGES > 0)
            .or_else(|| pick(&|s| s / AGES != noise))
            .or_else(|| pick(&|_| true))
            .unwrap_or(noise * AGES);
        let mut roles = vec![Role::Body; n];
        let mut cur = best;
        for i in (0..n).rev() {
            roles[i] = Role::from_index(cur / AGES).unwrap_or(Role::Body);
            cur = back.get(i).map_or(0, |b| b[cur] as usize);
        }
        roles
    }
}

/// The trained weights shipped with the library.
pub(crate) fn trained() -> &'static Weights {
    static W: std::sync::OnceLock<Weights> = std::sync::OnceLock::new();
    W.get_or_init(|| {
        Weights::decode(include_bytes!("../../models/segment/weights.bin"))
            .unwrap_or_else(Weights::zero)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encode_round_trip() {
        let mut w = Weights::zero();
        w.emit[7] = 1.5;
        w.emit[100] = -3.0;
        w.trans[3] = 0.25;
        w.start[1] = -2.0;
        let back = Weights::decode(&w.encode()).unwrap();
        assert!((back.emit[7] - 1.5).abs() < 1e-3);
        assert!((back.emit[100] + 3.0).abs() < 1e-3);
        assert_eq!(back.trans[3], 0.25);
        assert_eq!(back.start[1], -2.0);
        assert!(Weights::decode(b"nonsense").is_none());
    }

    #[test]
    fn text_does_not_end_on_noise() {
        // Weights that make every line look like noise: still, the last line is not noise
        // unless nothing else is possible.
        let mut w = Weights::zero();
        w.start[Role::Noise as usize] = 10.0;
        w.trans[Role::Noise as usize * ROLES + Role::Noise as usize] = 10.0;
        let feats = LineFeatures {
            ids: Vec::new(),
            bounds: vec![(0, 0, 0); 3],
        };
        let roles = w.decode_roles(&feats);
        assert_eq!(roles.len(), 3);
        assert_ne!(roles[2], Role::Noise);
        assert!(roles.iter().all(|&r| r != Role::Standfirst));
    }

    #[test]
    fn articles_keep_three_lines() {
        // Weights that want every line to be a lead: leads still come three lines apart,
        // and the text does not end on a lone lead.
        let mut w = Weights::zero();
        w.start[Role::Lead as usize] = 20.0;
        for p in 0..ROLES {
            w.trans[p * ROLES + Role::Lead as usize] = 10.0;
        }
        let feats = LineFeatures {
            ids: Vec::new(),
            bounds: vec![(0, 0, 0); 7],
        };
        let roles = w.decode_roles(&feats);
        let leads: Vec<usize> = (0..7).filter(|&i| roles[i] == Role::Lead).collect();
        // Two leads fit in seven lines (a third one would be a lone last line); where the
        // second one goes is a tie.
        assert_eq!(leads.len(), 2, "{roles:?}");
        assert_eq!(leads[0], 0);
        assert!((3..6).contains(&leads[1]), "{roles:?}");
    }

    #[test]
    fn standfirst_follows_only_a_lead() {
        assert!(Role::Standfirst.may_follow(Some(Role::Lead)));
        assert!(!Role::Standfirst.may_follow(Some(Role::Body)));
        assert!(!Role::Standfirst.may_follow(None));
        assert!(Role::Lead.may_follow(None));
        assert!(Role::Lead.may_follow(Some(Role::Noise)));
        assert!(!Role::Body.may_follow(Some(Role::Noise)));
    }
}
