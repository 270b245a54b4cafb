//! Pagination: chunks of the flow distributed over pages with keep rules.
//!
//! A chunk is a line (or an unbreakable group such as the signatures) with the space above it
//! and whether it must stay on the same page as the next chunk. Widow and orphan control and
//! "the closing never leaves the last body lines" are expressed as `keep_with_next`.

use super::model::Item;

/// A piece of the flow: items positioned relative to the chunk's top.
#[derive(Debug, Clone)]
pub(crate) struct Chunk {
    /// Space above, dropped at the top of a page.
    pub space_before: f32,
    /// Height of the chunk.
    pub height: f32,
    /// Must share a page with the next chunk.
    pub keep_with_next: bool,
    /// The content, with `y` relative to the chunk's top.
    pub items: Vec<Item>,
}

/// Place chunks on pages: `first` and `next` are the (top, bottom) of the flow area of page 1
/// and of later pages. Returns, per page, the chunks placed and their top `y`.
#[cfg(test)]
pub(crate) fn paginate(
    chunks: &[Chunk],
    first: (f32, f32),
    next: (f32, f32),
) -> Vec<Vec<(usize, f32)>> {
    paginate_with(chunks, first, next, 1.0, &[])
}

/// [`paginate`] with every chunk's space before it scaled by `gap_scale` (1: as set; less:
/// tightened), and table headers repeated: `headers[i]` is the header chunk of the
/// table whose body row chunk `i` is. A page that starts with such a row gets the header above
/// it, placed as `(chunks.len() + header, y)` (the caller draws a copy there).
pub(crate) fn paginate_with(
    chunks: &[Chunk],
    first: (f32, f32),
    next: (f32, f32),
    gap_scale: f32,
    headers: &[Option<usize>],
) -> Vec<Vec<(usize, f32)>> {
    let mut pages: Vec<Vec<(usize, f32)>> = vec![Vec::new()];
    let (mut y, mut bottom) = first;
    let mut page_start = 0usize; // index of the first chunk of the current page
    let mut i = 0usize;
    while i < chunks.len() {
        let c = &chunks[i];
        // Repeated table headers do not count: a row too tall for a page still goes alone.
        let on_page = pages
            .last()
            .map(|p| p.iter().filter(|(ci, _)| *ci < chunks.len()).count())
            .unwrap_or(0);
        let space = if on_page == 0 {
            0.0
        } else {
            c.space_before * gap_scale
        };
        if on_page == 0 || y + space + c.height <= bottom + 0.01 {
            if let Some(p) = pages.last_mut() {
                p.push((i, y + space));
            }
            y += space + c.height;
            i += 1;
            continue;
        }
        // Break before chunk i; move back over chunks that must stay with their successor,
        // unless that would empty the page.
        let mut b = i;
        while b > page_start + 1 && chunks[b - 1].keep_with_next {
            b -= 1;
        }
        if b <= page_start || (b == page_start + 1 && chunks[page_start].keep_with_next && b < i) {
            // The whole page is one kept group: break where it overflows.
            b = i;
        }
        if let Some(p) = pages.last_mut() {
            p.retain(|(ci, _)| *ci < b || *ci >= chunks.len());
        }
        pages.push(Vec::new());
        (y, bottom) = next;
        page_start = b;
        i = b;
        if let Some(&Some(h)) = headers.get(b) {
            if let (Some(p), Some(hc)) = (pages.last_mut(), chunks.get(h)) {
                p.push((chunks.len() + h, y));
                y += hc.height;
            }
        }
    }
    pages
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunk(h: f32, keep: bool) -> Chunk {
        Chunk {
            space_before: 0.0,
            height: h,
            keep_with_next: keep,
            items: Vec::new(),
        }
    }

    #[test]
    fn fills_pages_in_order() {
        let chunks: Vec<Chunk> = (0..10).map(|_| chunk(10.0, false)).collect();
        let pages = paginate(&chunks, (0.0, 45.0), (0.0, 100.0));
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0].len(), 4, "4 lines of 10 fit in 45");
        assert_eq!(pages[1].len(), 6);
    }

    #[test]
    fn kept_chunks_move_together() {
        // Lines 3 and 4 are kept together: 4 does not fit, so 3 moves too.
        let mut chunks: Vec<Chunk> = (0..6).map(|_| chunk(10.0, false)).collect();
        chunks[3].keep_with_next = true;
        let pages = paginate(&chunks, (0.0, 45.0), (0.0, 100.0));
        let first: Vec<usize> = pages[0].iter().map(|p| p.0).collect();
        assert_eq!(first, vec![0, 1, 2], "chunk 3 follows chunk 4 to page 2");
        assert_eq!(pages[1][0], (3, 0.0));
    }

    #[test]
    fn an_all_kept_page_still_breaks() {
        let chunks: Vec<Chunk> = (0..20).map(|_| chunk(10.0, true)).collect();
        let pages = paginate(&chunks, (0.0, 50.0), (0.0, 50.0));
        let placed: usize = pages.iter().map(Vec::len).sum();
        assert_eq!(placed, 20, "every chunk is placed exactly once");
        assert!(pages.len() >= 4);
    }

    #[test]
    fn space_before_is_dropped_at_page_top() {
        let mut chunks: Vec<Chunk> = (0..3).map(|_| chunk(10.0, false)).collect();
        chunks[2].space_before = 5.0;
        let pages = paginate(&chunks, (0.0, 22.0), (100.0, 200.0));
        assert_eq!(pages[1][0], (2, 100.0));
    }
}
