// Typography shared by the page (app.css) and the charts (canvas/SVG need a concrete font list).
export const FONT_STACK =
  '"Inter", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", system-ui, sans-serif';
