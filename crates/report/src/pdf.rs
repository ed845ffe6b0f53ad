//! The plan document as PDF, laid out by typst (as a library) with the system's CJK fonts
//! embedded and subset: searchable Chinese text, vector bars and tables.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::document::PlanDocument;
use crate::{ReportError, Result};

const TEMPLATE: &str = include_str!("../templates/plan.typ");
const BRIEF: &str = include_str!("../templates/brief.typ");
const BRIEFS: &str = include_str!("../templates/briefs.typ");

/// Font files that carry Simplified Chinese, by platform; the first existing ones are used.
const CJK_FONT_FILES: &[&str] = &[
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "C:\\Windows\\Fonts\\msyh.ttc",
    "C:\\Windows\\Fonts\\msyhbd.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "/Library/Fonts/Arial Unicode.ttf",
];

struct Fonts {
    fonts: Vec<Font>,
    book: LazyHash<FontBook>,
}

/// Loaded once per process: reading 40 MB of font files is most of an export's time.
fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| {
        let mut fonts = Vec::new();
        let extra = std::env::var_os("MARKETDESK_FONT").map(PathBuf::from);
        for path in extra
            .iter()
            .map(PathBuf::as_path)
            .chain(CJK_FONT_FILES.iter().map(Path::new))
        {
            if let Ok(data) = std::fs::read(path) {
                fonts.extend(Font::iter(Bytes::new(data)));
            }
        }
        let book = LazyHash::new(FontBook::from_fonts(&fonts));
        Fonts { fonts, book }
    })
}

fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::builder().build()))
}

fn file_id(name: &str) -> Result<FileId> {
    let vpath = VirtualPath::new(name).map_err(|e| ReportError::Document(format!("{e:?}")))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

struct PlanWorld {
    main: Source,
    /// Files the main one imports (the event brief's layout).
    imports: Vec<Source>,
    data_id: FileId,
    data: Bytes,
}

impl World for PlanWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else if let Some(s) = self.imports.iter().find(|s| s.id() == id) {
            Ok(s.clone())
        } else {
            Err(FileError::NotFound(id.vpath().get_without_slash().into()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            Ok(self.data.clone())
        } else {
            Err(FileError::NotFound(id.vpath().get_without_slash().into()))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        fonts().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

/// Lays out the plan once: the document the PDF, the printed pages and the HTML export share.
fn layout(doc: &PlanDocument) -> Result<typst_layout::PagedDocument> {
    layout_with("plan.typ", TEMPLATE, doc)
}

/// Lays out `template` (named `name`) over `doc` as its data.json.
pub(crate) fn layout_with(
    name: &str,
    template: &str,
    doc: &impl serde::Serialize,
) -> Result<typst_layout::PagedDocument> {
    if fonts().fonts.is_empty() {
        return Err(ReportError::NoCjkFont);
    }
    let data = serde_json::to_vec(doc).map_err(|e| ReportError::Document(e.to_string()))?;
    let world = PlanWorld {
        main: Source::new(file_id(name)?, template.to_string()),
        imports: vec![Source::new(file_id("brief.typ")?, BRIEF.to_string())],
        data_id: file_id("data.json")?,
        data: Bytes::new(data),
    };
    typst::compile::<typst_layout::PagedDocument>(&world)
        .output
        .map_err(|errors| {
            let messages: Vec<String> = errors.iter().map(|e| e.message.to_string()).collect();
            ReportError::Document(messages.join("; "))
        })
}

/// The plan as PDF bytes.
pub fn plan_pdf(doc: &PlanDocument) -> Result<Vec<u8>> {
    pdf_of(&layout(doc)?)
}

pub(crate) fn pdf_of(document: &typst_layout::PagedDocument) -> Result<Vec<u8>> {
    typst_pdf::pdf(document, &typst_pdf::PdfOptions::default()).map_err(|errors| {
        let messages: Vec<String> = errors.iter().map(|e| e.message.to_string()).collect();
        ReportError::Document(messages.join("; "))
    })
}

/// Event briefs on their own, one A4 page each, as PDF bytes.
pub fn briefs_pdf(doc: &crate::BriefsDocument) -> Result<Vec<u8>> {
    pdf_of(&layout_with("briefs.typ", BRIEFS, doc)?)
}

/// Event briefs as SVG pages, for the window to print.
pub fn briefs_pages(doc: &crate::BriefsDocument) -> Result<Vec<String>> {
    Ok(svg_pages(&layout_with("briefs.typ", BRIEFS, doc)?))
}

/// The plan's pages as SVG, one A4 page each, exactly as the PDF lays them out: what the
/// window prints and the HTML export holds.
pub fn plan_pages(doc: &PlanDocument) -> Result<Vec<String>> {
    Ok(svg_pages(&layout(doc)?))
}

pub(crate) fn svg_pages(document: &typst_layout::PagedDocument) -> Vec<String> {
    let options = typst_svg::SvgOptions::default();
    document
        .pages()
        .iter()
        .map(|page| typst_svg::svg(page, &options))
        .collect()
}
