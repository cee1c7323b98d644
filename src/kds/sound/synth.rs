//! The project's own sounds, made here rather than downloaded: a two-tone bell
//! for a new order and a lower, falling pair for a cancellation, written as
//! 16-bit mono WAV by hand. Compiled for tests only: the binary plays the
//! committed files.
//!
//! The output is bit-for-bit reproducible on every platform: only IEEE `+ - * /`
//! and `round` are used (the sine is a polynomial here, decays are repeated
//! multiplication), never the platform's `sin`/`exp`. A test checks that the
//! files in `sounds/` equal what this code makes. To regenerate them:
//!
//! ```text
//! cargo test --lib kds::sound::synth -- --ignored regenerate_sounds
//! ```

use std::f64::consts::PI;

/// Samples per second: plenty for a bell, and small files.
pub const SAMPLE_RATE: u32 = 22_050;
/// Loudest sample as a fraction of full scale (headroom, no clipping).
const PEAK: f64 = 0.6;

/// A struck tone: partials as (frequency ratio, amplitude, decay time in s).
struct Strike {
    at_s: f64,
    freq: f64,
    partials: &'static [(f64, f64, f64)],
}

/// Bell-like: the fundamental rings longest, the bright upper partials die fast.
const BELL: &[(f64, f64, f64)] = &[
    (1.0, 1.0, 0.45),
    (2.0, 0.45, 0.22),
    (3.0, 0.18, 0.12),
    (4.2, 0.1, 0.08),
];
/// Hollow and soft: odd partials only, short.
const HOLLOW: &[(f64, f64, f64)] = &[(1.0, 1.0, 0.16), (3.0, 0.3, 0.08), (5.0, 0.12, 0.05)];

/// The new-order chime: A5 then E6, a bright rising fifth that cuts through
/// the low roar of an extractor hood. 1.3 s.
pub fn new_order() -> Vec<i16> {
    render(
        1.3,
        &[
            Strike {
                at_s: 0.0,
                freq: 880.0,
                partials: BELL,
            },
            Strike {
                at_s: 0.16,
                freq: 1318.51,
                partials: BELL,
            },
        ],
    )
}

/// The cancellation sound: G4 then D4, falling, hollow; plainly not the bell. 0.7 s.
pub fn cancel() -> Vec<i16> {
    render(
        0.7,
        &[
            Strike {
                at_s: 0.0,
                freq: 392.0,
                partials: HOLLOW,
            },
            Strike {
                at_s: 0.24,
                freq: 293.66,
                partials: HOLLOW,
            },
        ],
    )
}

/// `sounds/new-order.wav`, byte for byte.
pub fn new_order_wav() -> Vec<u8> {
    wav(&new_order(), SAMPLE_RATE)
}

/// `sounds/cancel.wav`, byte for byte.
pub fn cancel_wav() -> Vec<u8> {
    wav(&cancel(), SAMPLE_RATE)
}

fn render(seconds: f64, strikes: &[Strike]) -> Vec<i16> {
    let rate = f64::from(SAMPLE_RATE);
    let mut mix = vec![0.0; samples(seconds, rate)];
    for strike in strikes {
        add_strike(&mut mix, strike, rate);
    }
    // the last 30 ms fade to silence so the end never clicks
    let fade = samples(0.03, rate).min(mix.len());
    let len = mix.len();
    for (i, m) in mix[len - fade..].iter_mut().enumerate() {
        *m *= (fade - i) as f64 / fade as f64;
    }
    quantize(&mix)
}

fn samples(seconds: f64, rate: f64) -> usize {
    // rounded and non-negative by construction of the constants above
    (seconds * rate).round().max(0.0) as usize
}

fn add_strike(mix: &mut [f64], s: &Strike, rate: f64) {
    let start = samples(s.at_s, rate).min(mix.len());
    // a 4 ms attack: a struck bell, not a click
    let attack = samples(0.004, rate).max(1);
    for &(ratio, amp, tau) in s.partials {
        let f = s.freq * ratio;
        if f >= rate / 2.0 {
            continue;
        }
        let step = 2.0 * PI * f / rate;
        let decay = 1.0 - 1.0 / (tau * rate);
        let (mut env, mut phase) = (amp, 0.0);
        for (i, m) in mix[start..].iter_mut().enumerate() {
            let ramp = if i < attack {
                i as f64 / attack as f64
            } else {
                1.0
            };
            *m += env * ramp * sin(phase);
            phase += step;
            if phase > PI {
                phase -= 2.0 * PI;
            }
            env *= decay;
        }
    }
}

/// Scale to `PEAK` of full scale and round to 16-bit.
fn quantize(mix: &[f64]) -> Vec<i16> {
    let peak = mix.iter().fold(0.0_f64, |a, &b| a.max(b.abs()));
    let scale = if peak > 0.0 {
        PEAK * f64::from(i16::MAX) / peak
    } else {
        0.0
    };
    mix.iter()
        .map(|&v| {
            (v * scale)
                .round()
                .clamp(f64::from(i16::MIN), f64::from(i16::MAX)) as i16
        })
        .collect()
}

/// Sine for `x` in [-π, π] from a Taylor polynomial: identical on every
/// platform, unlike libm, and within 1e-12 of the true value.
fn sin(x: f64) -> f64 {
    let x = if x > PI / 2.0 {
        PI - x
    } else if x < -PI / 2.0 {
        -PI - x
    } else {
        x
    };
    let x2 = x * x;
    let mut term = x;
    let mut sum = x;
    for n in 1..10 {
        let k = f64::from(2 * n);
        term *= -x2 / (k * (k + 1.0));
        sum += term;
    }
    sum
}

/// A canonical 44-byte-header PCM WAV: mono, 16-bit little-endian.
pub fn wav(samples: &[i16], rate: u32) -> Vec<u8> {
    let data_len = u32::try_from(samples.len() * 2).unwrap_or(u32::MAX);
    let mut out = Vec::with_capacity(44 + samples.len() * 2);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes()); // fmt chunk size
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&rate.to_le_bytes());
    out.extend_from_slice(&(rate * 2).to_le_bytes()); // bytes per second
    out.extend_from_slice(&2u16.to_le_bytes()); // bytes per frame
    out.extend_from_slice(&16u16.to_le_bytes()); // bits per sample
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    for s in samples {
        out.extend_from_slice(&s.to_le_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sound_file(name: &str) -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("sounds")
            .join(name)
    }

    #[test]
    fn committed_sounds_are_what_the_generator_makes() {
        for (name, made) in [
            ("new-order.wav", new_order_wav()),
            ("cancel.wav", cancel_wav()),
        ] {
            let committed = std::fs::read(sound_file(name)).expect("sounds/ is committed");
            assert!(
                committed == made,
                "sounds/{name} differs from the generator; regenerate with \
                 `cargo test --lib kds::sound::synth -- --ignored regenerate_sounds`"
            );
        }
    }

    /// Writes `sounds/*.wav`. Run on purpose only (see the module docs).
    #[test]
    #[ignore = "writes sounds/; run to regenerate after changing the synthesiser"]
    fn regenerate_sounds() {
        std::fs::create_dir_all(sound_file("")).expect("mkdir sounds");
        std::fs::write(sound_file("new-order.wav"), new_order_wav()).expect("write");
        std::fs::write(sound_file("cancel.wav"), cancel_wav()).expect("write");
    }

    #[test]
    fn polynomial_sine_is_accurate() {
        for i in -1000..=1000 {
            let x = f64::from(i) * PI / 1000.0;
            assert!((sin(x) - x.sin()).abs() < 1e-9, "sin({x})");
        }
    }

    #[test]
    fn wav_header_describes_16_bit_mono() {
        let w = wav(&[0, 1, -1], 8000);
        assert_eq!(&w[0..4], b"RIFF");
        assert_eq!(u32::from_le_bytes([w[4], w[5], w[6], w[7]]), 36 + 6);
        assert_eq!(&w[8..16], b"WAVEfmt ");
        assert_eq!(u16::from_le_bytes([w[22], w[23]]), 1, "channels");
        assert_eq!(u32::from_le_bytes([w[24], w[25], w[26], w[27]]), 8000);
        assert_eq!(u16::from_le_bytes([w[34], w[35]]), 16, "bits");
        assert_eq!(&w[36..40], b"data");
        assert_eq!(w.len(), 44 + 6);
        assert_eq!(&w[44..], &[0, 0, 1, 0, 0xff, 0xff]);
    }

    /// Sign changes per second over the first strike: a rough pitch.
    fn crossings_per_s(s: &[i16]) -> usize {
        let n = (SAMPLE_RATE / 8) as usize;
        s[..n]
            .windows(2)
            .filter(|w| (w[0] < 0) != (w[1] < 0))
            .count()
            * 8
    }

    #[test]
    fn sounds_are_clean_and_distinct() {
        for (s, secs) in [(new_order(), 1.3), (cancel(), 0.7)] {
            assert_eq!(s.len(), (secs * f64::from(SAMPLE_RATE)).round() as usize);
            let peak = s.iter().map(|v| i32::from(*v).abs()).max().unwrap_or(0);
            assert!(
                (19_000..=19_700).contains(&peak),
                "peak {peak}: loud, never clipping"
            );
            assert_eq!(s[0], 0, "starts from silence");
            assert!(i32::from(s[s.len() - 1]).abs() < 50, "ends in silence");
        }
        // the bell is high (A5 = 880 Hz ≈ 1760 crossings/s), the cancel low (G4)
        let (bell, low) = (crossings_per_s(&new_order()), crossings_per_s(&cancel()));
        assert!(bell > 1500 && low < 1000, "bell {bell}/s, cancel {low}/s");
    }
}
