//! A plotters drawing backend that places text correctly.
//!
//! plotters' bitmap backend sets text through its ab_glyph font module, which
//! drops each glyph's left side bearing (uneven letter spacing) and rounds
//! each glyph's vertical offset on its own (a full stop lands a pixel or two
//! above the baseline at chart sizes). This wrapper delegates every shape to
//! [`BitMapBackend`] and sets text itself with ab_glyph: glyphs share one
//! baseline, keep their bearings and kerning, and are blended by coverage.

use ab_glyph::{point, Font, FontRef, Glyph, PxScale, ScaleFont};
use plotters::prelude::BitMapBackend;
use plotters_backend::text_anchor::{HPos, VPos};
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
};

/// The bitmap backend with meetload's own text setting.
pub struct GlyphBackend<'a> {
    inner: BitMapBackend<'a>,
    font: FontRef<'static>,
}

type Error = DrawingErrorKind<<BitMapBackend<'static> as DrawingBackend>::ErrorType>;

impl<'a> GlyphBackend<'a> {
    /// Wraps a bitmap backend; fails only if the bundled font does not parse.
    pub fn new(inner: BitMapBackend<'a>, font: &'static [u8]) -> Result<Self, String> {
        let font = FontRef::try_from_slice(font).map_err(|e| e.to_string())?;
        Ok(Self { inner, font })
    }
}

/// Glyphs of one line of text, positioned on a baseline at y = ascent.
struct Line {
    glyphs: Vec<Glyph>,
    width: f32,
    height: f32,
}

/// Lays out `text` at `size` px: advances plus kerning, baseline at the ascent.
fn layout(font: &FontRef<'static>, size: f64, text: &str) -> Line {
    let scaled = font.as_scaled(PxScale::from(size as f32));
    // a whole-pixel baseline: every glyph's foot lands on the same row
    let ascent = scaled.ascent().round();
    let mut x = 0.0f32;
    let mut prev = None;
    let mut glyphs = Vec::new();
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = prev {
            x += scaled.kern(p, id);
        }
        glyphs.push(id.with_scale_and_position(scaled.scale(), point(x, ascent)));
        x += scaled.h_advance(id);
        prev = Some(id);
    }
    Line {
        glyphs,
        width: x,
        height: scaled.height(),
    }
}

/// Offset of the text's top-left corner from the anchor point.
fn anchor_offset(anchor: plotters_backend::text_anchor::Pos, line: &Line) -> (f32, f32) {
    let dx = match anchor.h_pos {
        HPos::Left => 0.0,
        HPos::Right => -line.width,
        HPos::Center => -line.width / 2.0,
    };
    let dy = match anchor.v_pos {
        VPos::Top => 0.0,
        VPos::Center => -line.height / 2.0,
        VPos::Bottom => -line.height,
    };
    (dx, dy)
}

impl DrawingBackend for GlyphBackend<'_> {
    type ErrorType = <BitMapBackend<'static> as DrawingBackend>::ErrorType;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), Error> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), Error> {
        self.inner.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), Error> {
        self.inner.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> Result<(), Error> {
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result<(), Error> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result<(), Error> {
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result<(), Error> {
        self.inner.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result<(), Error> {
        self.inner.fill_polygon(vert, style)
    }
    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> Result<(), Error> {
        self.inner.blit_bitmap(pos, size, src)
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> Result<(u32, u32), Error> {
        let line = layout(&self.font, style.size(), text);
        Ok((line.width.ceil() as u32, line.height.ceil() as u32))
    }

    fn draw_text<T: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &T,
        pos: BackendCoord,
    ) -> Result<(), Error> {
        let colour = style.color();
        if colour.alpha == 0.0 {
            return Ok(());
        }
        let line = layout(&self.font, style.size(), text);
        // whole-pixel offsets: a fractional one would round rows of a glyph
        // onto each other and leave a blank row through the text
        let (dx, dy) = anchor_offset(style.anchor(), &line);
        let (dx, dy) = (dx.round() as i32, dy.round() as i32);
        let turn = style.transform();
        let (w, h) = self.inner.get_size();
        let mut pixels = Vec::new();
        for glyph in line.glyphs {
            let Some(outlined) = self.font.outline_glyph(glyph) else {
                continue; // a space: nothing to draw
            };
            let bounds = outlined.px_bounds();
            let (left, top) = (bounds.min.x as i32, bounds.min.y as i32);
            outlined.draw(|x, y, coverage| {
                let lx = left + x as i32 + dx;
                let ly = top + y as i32 + dy;
                pixels.push((turn.transform(lx, ly), coverage));
            });
        }
        for ((x, y), coverage) in pixels {
            let (x, y) = (pos.0 + x, pos.1 + y);
            if coverage > 0.0 && x >= 0 && y >= 0 && x < w as i32 && y < h as i32 {
                let alpha = colour.alpha * f64::from(coverage.min(1.0));
                let c = BackendColor {
                    alpha,
                    rgb: colour.rgb,
                };
                self.inner.draw_pixel((x, y), c)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use plotters::prelude::*;
    use plotters::style::text_anchor::{HPos, Pos, VPos};

    /// Rows (top, bottom) of dark pixels in columns `x0..x1` of an RGB buffer.
    fn ink_rows(buf: &[u8], width: u32, x0: u32, x1: u32) -> Option<(u32, u32)> {
        let dark = |x: u32, y: u32| buf[((y * width + x) * 3) as usize] < 128;
        let rows: Vec<u32> = (0..buf.len() as u32 / 3 / width)
            .filter(|&y| (x0..x1).any(|x| dark(x, y)))
            .collect();
        Some((*rows.first()?, *rows.last()?))
    }

    #[test]
    fn a_full_stop_sits_on_the_baseline_of_the_letters_around_it() {
        // chart labels use 11 to 20 px; plotters alone lifts the stop at some
        for size in 10..=20 {
            stop_on_baseline(f64::from(size));
        }
    }

    fn stop_on_baseline(size: f64) {
        let (w, h) = (200u32, 60u32);
        let mut buf = vec![255u8; (w * h * 3) as usize];
        let font = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
        {
            let bitmap = BitMapBackend::with_buffer(&mut buf, (w, h));
            let root = super::GlyphBackend::new(bitmap, font)
                .unwrap()
                .into_drawing_area();
            root.fill(&WHITE).unwrap();
            let style = TextStyle::from(("sans-serif", size).into_font()).color(&BLACK);
            root.draw(&Text::new("H.H", (10, 10), style)).unwrap();
        }
        // columns of the first H, the stop and the second H (flat feet: no overshoot)
        let line = super::layout(
            &ab_glyph::FontRef::try_from_slice(font).unwrap(),
            size,
            "H.H",
        );
        let x = |i: usize| 10 + line.glyphs[i].position.x.round() as u32;
        let digit = ink_rows(&buf, w, x(0), x(1)).unwrap();
        let stop = ink_rows(&buf, w, x(1) + 1, x(2)).unwrap();
        let second = ink_rows(&buf, w, x(2), x(2) + 6).unwrap();
        assert_eq!(
            digit.1, stop.1,
            "size {size}: the stop's bottom row is the H's"
        );
        assert_eq!(second.1, stop.1, "size {size}");
        assert!(
            stop.0 > digit.0 + 3,
            "size {size}: stop {stop:?}, digit {digit:?}"
        );
    }

    #[test]
    fn centred_text_has_no_blank_row_through_it() {
        let (w, h) = (200u32, 60u32);
        let mut buf = vec![255u8; (w * h * 3) as usize];
        let font = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
        {
            let bitmap = BitMapBackend::with_buffer(&mut buf, (w, h));
            let root = super::GlyphBackend::new(bitmap, font)
                .unwrap()
                .into_drawing_area();
            root.fill(&WHITE).unwrap();
            let style = TextStyle::from(("sans-serif", 13.0).into_font())
                .color(&BLACK)
                .pos(Pos::new(HPos::Left, VPos::Center));
            root.draw(&Text::new("HHHH", (10, 30), style)).unwrap();
        }
        let (top, bottom) = ink_rows(&buf, w, 10, 60).unwrap();
        for y in top..=bottom {
            assert!(
                ink_rows(
                    &buf[(y * w * 3) as usize..((y + 1) * w * 3) as usize],
                    w,
                    10,
                    60
                )
                .is_some(),
                "row {y} of H is blank"
            );
        }
    }
}
