//! Word lists: units and qualifiers next to numbers, part keywords, and
//! the chrome of web pages. Kept in one place so the rules can be read and
//! extended without touching the scanners.

/// Chinese units after a number, each with the characters that, following
/// its last character, make it part of another word (`人` + `民`, `项` +
/// `目`). Longer units are tried first.
pub(super) const ZH_UNITS: &[(&str, &str)] = &[
    ("个百分点", ""),
    ("百分点", ""),
    ("平方公里", ""),
    ("平方米", ""),
    ("立方米", ""),
    ("千瓦时", ""),
    ("万千瓦", ""),
    ("人民币元", ""),
    ("人民币", ""),
    ("人次", ""),
    ("人口", ""),
    ("场次", ""),
    ("架次", ""),
    ("批次", ""),
    ("户次", ""),
    ("家次", ""),
    ("件次", ""),
    ("个月", ""),
    ("部门", ""),
    ("千伏", ""),
    ("英寸", ""),
    ("微克每立方米", ""),
    ("周年", ""),
    ("小时", ""),
    ("分钟", ""),
    ("公里", ""),
    ("千米", ""),
    ("厘米", ""),
    ("公顷", ""),
    ("公斤", ""),
    ("千克", ""),
    ("千瓦", "时"),
    ("兆瓦", ""),
    ("蒸吨", ""),
    ("标箱", ""),
    ("美元", ""),
    ("欧元", ""),
    ("港元", ""),
    ("港币", ""),
    ("季度", ""),
    ("元", "宵旦素首老帅件器"),
    ("人", "民员口才均力居群文工事身心生们类格物大气脉选"),
    ("名", "单称额优牌片录义誉人家胜"),
    ("位", "置于列居"),
    ("次", "要年日序生级"),
    ("场", "所景地馆合面"),
    ("期", "间限待望刊末初满货"),
    ("条", "件例款理线"),
    ("篇", "章幅"),
    ("个", "人体性别案"),
    ("项", "目"),
    ("户", "籍口外型"),
    ("家", "庭长园风乡政门属具电居用"),
    ("件", ""),
    ("所", "有在属得以谓需"),
    ("座", "谈位"),
    ("处", "理置罚于长室"),
    ("辆", ""),
    ("台", "湾账风阶州"),
    ("套", "餐"),
    ("架", "构设"),
    ("艘", ""),
    ("批", "准复示评"),
    ("部", "门署分队长委"),
    ("册", ""),
    ("张", ""),
    ("块", ""),
    ("棵", ""),
    ("株", ""),
    ("头", "条脑"),
    ("只", "要有是能"),
    ("匹", "配"),
    ("眼", "光"),
    ("间", "接隔"),
    ("栋", "梁"),
    ("幢", ""),
    ("床", ""),
    ("支", "持出付撑部柱援"),
    ("队", "伍员"),
    ("组", "织成建团长"),
    ("类", "型别似"),
    ("种", "植类子"),
    ("宗", "旨教"),
    ("份", "额"),
    ("首", "位次批先都府"),
    ("站", "点长"),
    ("道", "路德理"),
    ("段", "落"),
    ("根", "本据"),
    ("年", "度代纪龄轻终初底"),
    ("天", "然府空气津"),
    ("周", "边围期"),
    ("倍", "增"),
    ("岁", "月"),
    ("米", "粮"),
    ("亩", ""),
    ("吨", ""),
    ("斤", ""),
    ("克", "服"),
    ("升", "级值高"),
    ("度", "假"),
    ("起", "草步点来"),
    ("单", "位元独"),
    ("列", "入为车出举席"),
    ("轮", "流换胎船"),
    ("对", "于象外接策话比照称口应标此待抗"),
    ("成", "为功效果立员本长熟都交绩品"),
];

/// Scale words after a number (`万`, `亿`); `千` only when the next
/// character does not make it a measure (`千克`, `千米`, `千瓦`).
pub(super) const ZH_SCALES: &[&str] = &["万亿", "千亿", "百亿", "十亿", "亿", "千万", "百万", "十万", "万", "千"];

/// Characters after `千` that make it part of a measure word.
pub(super) const QIAN_MEASURES: &str = "克米瓦伏焦帕卡";

/// Qualifiers before a number, longest first, with the spelling the
/// quantity parser reads (`超` and `逾` are read as `超过`).
pub(super) const ZH_BEFORE: &[(&str, &str)] = &[
    ("不少于", "不少于"),
    ("不超过", "不超过"),
    ("将近", "将近"),
    ("大约", "大约"),
    ("超过", "超过"),
    ("不到", "不到"),
    ("近", "近"),
    ("约", "约"),
    ("超", "超过"),
    ("逾", "超过"),
];

/// Characters before `近` that make it another word (`最近`, `附近`).
pub(super) const NOT_BEFORE_JIN: &str = "最附临亲靠就贴走逼拉";
/// Characters before `约` that make it another word (`节约`, `制约`).
pub(super) const NOT_BEFORE_YUE: &str = "节签预履特集条公合违邀践租规盟婚守相契毁续赴爽失誓简隐";
/// Characters before `超` that make it another word (`赶超`, `高超`).
pub(super) const NOT_BEFORE_CHAO: &str = "赶高反";

/// Qualifiers after the unit, with the spelling the parser reads.
pub(super) const ZH_AFTER: &[(&str, &str)] =
    &[("及以上", "以上"), ("及以下", "以下"), ("以上", "以上"), ("以下", "以下"), ("以内", "以内"), ("左右", "左右")];

/// Range marks between two numbers.
pub(super) const RANGE_MARKS: &[&str] = &["—", "–", "-", "~", "～", "至"];

/// English qualifiers before a number (lowercase), longest first.
pub(super) const EN_BEFORE: &[&str] = &[
    "approximately",
    "well over",
    "more than",
    "fewer than",
    "less than",
    "at least",
    "at most",
    "nearly",
    "almost",
    "around",
    "about",
    "up to",
    "under",
    "over",
];

/// English scale words after a number.
pub(super) const EN_SCALES: &[&str] = &["thousand", "million", "billion", "trillion"];

/// English unit words that need no plural `s` (or are singular after 1).
pub(super) const EN_UNITS: &[&str] = &[
    "percent",
    "per cent",
    "yuan",
    "rmb",
    "people",
    "person",
    "time",
    "month",
    "year",
    "day",
    "hour",
    "week",
    "km",
    "kg",
    "mu",
    "pp",
    "percentage point",
    "percentage points",
    "contributor",
    "maintainer",
    "member",
    "release",
];

/// Words ending in `s` that are not plural nouns.
pub(super) const EN_NOT_UNITS: &[&str] = &[
    "is",
    "was",
    "has",
    "does",
    "this",
    "its",
    "his",
    "us",
    "as",
    "yes",
    "less",
    "plus",
    "across",
    "always",
    "perhaps",
    "thus",
    "whereas",
    "various",
    "previous",
    "serious",
    "famous",
    "numerous",
    "versus",
    "process",
    "access",
    "business",
    "progress",
    "address",
    "success",
    "unless",
    "regardless",
    "status",
    "focus",
    "bonus",
    "census",
    "campus",
    "nexus",
];

/// Words in headings that mark the problems part.
pub(super) const PROBLEM_WORDS: &[&str] = &[
    "存在问题",
    "存在的问题",
    "存在的主要问题",
    "主要问题",
    "问题与不足",
    "问题和不足",
    "不足之处",
    "存在不足",
    "存在的不足",
    "问题和挑战",
    "困难和问题",
    "问题及原因",
    "需要解决的问题",
    "需要帮助",
    "短板",
];

/// Words in headings that mark the plan part.
pub(super) const PLAN_WORDS: &[&str] = &[
    "工作计划",
    "工作安排",
    "工作打算",
    "下步打算",
    "下一步打算",
    "下步工作",
    "下一步工作",
    "下一步计划",
    "重点工作",
    "工作任务",
    "工作思路",
    "工作部署",
    "工作要点",
    "主要目标",
    "重点任务",
    "民生实事",
    "年计划",
    "努力方向",
    "工作设想",
];

/// Words in headings that mark the review part.
pub(super) const REVIEW_WORDS: &[&str] = &[
    "主要工作",
    "工作回顾",
    "回顾",
    "工作总结",
    "工作情况",
    "总体情况",
    "基本情况",
    "主要成绩",
    "主要成效",
    "工作成效",
    "取得的成绩",
    "主要做法",
    "开展情况",
    "完成情况",
    "情况",
];

/// Headings of notes and closing parts, which restart the numbering.
pub(super) const OTHER_WORDS: &[&str] =
    &["结束语", "名词解释", "注释", "附注", "附录", "附表", "说明", "其他需要报告的事项", "其他事项"];

/// English heading words, lowercase, by part.
pub(super) const EN_PROBLEM_WORDS: &[&str] =
    &["help required", "help needed", "problems", "challenges", "shortcomings", "issues", "risks", "concerns"];
/// English heading words of the plan part.
pub(super) const EN_PLAN_WORDS: &[&str] =
    &["next year", "goals for", "plans", "plan for", "roadmap", "next steps", "upcoming", "future work", "priorities"];
/// English heading words of the review part.
pub(super) const EN_REVIEW_WORDS: &[&str] = &[
    "prior goals",
    "achievements",
    "review",
    "health",
    "accomplishments",
    "achievements",
    "progress",
    "highlights",
    "summary",
];
/// English heading words of other parts.
pub(super) const EN_OTHER_WORDS: &[&str] =
    &["recommendation", "appendix", "notes", "glossary", "references", "acknowledg", "lifecycle"];

/// Phrases that open a paragraph of problems inside another part.
pub(super) const PROBLEM_INTROS: &[&str] = &[
    "清醒地看到",
    "清醒看到",
    "清醒地认识到",
    "清醒认识到",
    "也要看到",
    "还存在一些",
    "还存在不少",
    "仍存在一些",
    "仍然存在一些",
    "也存在一些",
    "存在以下问题",
    "存在的主要问题是",
];

/// English phrases of a shortfall inside a review.
pub(super) const EN_SHORTFALLS: &[&str] = &[
    "didn't meet",
    "did not meet",
    "fell short",
    "failed to",
    "still haven't",
    "still hasn't",
    "still have not",
    "still has not",
    "have not yet been",
    "behind schedule",
];

/// Phrases that open the remedies for the problems just listed.
pub(super) const REMEDY_INTROS: &[&str] =
    &["针对上述问题", "针对以上问题", "针对这些问题", "针对存在的问题", "针对问题", "下一步，", "下一步,"];

/// Sentences of a problems paragraph that are resolutions, not problems.
pub(super) const RESOLUTION_STARTS: &[&str] =
    &["对此", "我们将", "我们要", "我们一定", "我们必须", "我们决心", "针对", "下一步", "今后", "要坚持", "必须"];

/// Lines of web pages around a document, matched at the start of a line.
pub(super) const CHROME_PREFIXES: &[&str] = &[
    "申明敬告",
    "声明：本站",
    "免责声明",
    "本站不保证",
    "【字体",
    "【字号",
    "字号：",
    "字体：",
    "来源：",
    "来源:",
    "发布时间",
    "发布日期",
    "浏览次数",
    "阅读次数",
    "点击数",
    "分享到",
    "分享：",
    "分享:",
    "责任编辑",
    "编辑：",
    "扫一扫",
    "相关附件",
    "相关链接",
    "相关文章",
    "相关阅读",
    "相关文档",
    "打印本页",
    "关闭窗口",
    "【打印",
    "【关闭",
    "上一篇",
    "下一篇",
    "返回顶部",
    "您可能关注",
    "你可能关注",
    "查看更多",
    "猜你喜欢",
    "热门文档",
    "下载文档",
    "文档介绍",
];

/// Whole lines of web-page chrome.
pub(super) const CHROME_LINES: &[&str] =
    &["大", "中", "小", "】", "【", "打印", "关闭", "下载", "全屏", "收藏", "分享", "来源", "收起", "展开", "首页"];

/// Chrome lines after which everything is the page's footer.
pub(super) const FOOTER_STARTS: &[&str] = &[
    "责任编辑",
    "扫一扫",
    "相关附件",
    "相关链接",
    "打印本页",
    "关闭窗口",
    "上一篇",
    "下一篇",
    "查看更多",
    "相关文章",
    "您可能关注",
    "你可能关注",
    "猜你喜欢",
    "相关阅读",
];

/// Endings of an organisation's name.
pub(super) const ORG_ENDINGS: &[&str] = &[
    "人民政府",
    "国务院",
    "委员会",
    "办公室",
    "办公厅",
    "街道办事处",
    "居委会",
    "村委会",
    "管委会",
    "局",
    "厅",
    "委",
    "镇",
    "乡",
    "街道",
    "中心",
    "公司",
    "基金会",
    "协会",
    "学会",
];

/// Titles of office before a person's name in a byline.
pub(super) const OFFICES: &[&str] =
    &["总理", "省长", "市长", "县长", "区长", "镇长", "乡长", "主任", "书记", "局长", "主席", "州长", "旗长"];

/// The labels of the details line the official text writes after a plan
/// item: `（目标：…；责任人：…；完成时限：…；状态：…；针对问题：…）`.
pub(super) const DETAIL_LABELS: &[&str] = &["目标", "责任人", "完成时限", "状态", "针对问题"];

/// Comparators as the official text writes targets, longest first.
pub(super) const COMPARATOR_WORDS: &[(&str, &str)] =
    &[("不少于", ">="), ("不超过", "<="), ("超过", ">"), ("少于", "<"), ("达到", "=")];

/// Plan item statuses as the official text writes them.
pub(super) const STATUS_WORDS: &[(&str, &str)] = &[
    ("计划中", "planned"),
    ("推进中", "in_progress"),
    ("已完成", "done"),
    ("部分完成", "partly"),
    ("未完成", "not_done"),
    ("无法判断", "unknown"),
    ("已逾期", "overdue"),
    ("结转下期", "carried_over"),
];
