//! The seed report, built in code: a township's 2020 宣传思想文化工作总结
//! with its 2021 plan (`shared/seed/work-summary-2020.txt`), whose figures
//! and many names were left as `X`.
//!
//! Every `X` of the text is a slot: a figure (`{X 次 @metric}`), a name
//! (`{name:X}`) or a date (`{date:X月X日}`), so the checks can list what is
//! still to fill. The web-site boilerplate around the text (申明敬告, 文档介绍,
//! 查看更多, 相关文章, 您可能关注的文档) is not part of the report. The text is
//! normalised: the PDF's line-wrap spaces are gone and half-width
//! punctuation is full-width (，（）：；》).
//!
//! ```text
//! cargo run --example seed_2020            # every finding of the checks, one per line
//! cargo run --example seed_2020 -- --json  # the report as JSON
//! ```

use workreport::Direction::{HigherIsBetter, Neutral};
use workreport::MetricKind::{DistinctCount, Flow, Stock};
use workreport::check::{CheckOptions, check};
use workreport::{BuildError, Catalog, CatalogError, Direction, Metric, MetricKind, OrgId, OrgUnit, Period, Report};

/// The report as the seed writes it, every `X` a slot.
///
/// # Errors
///
/// A [`BuildError`] if a template, id or reference is wrong (none is: the
/// integration test builds it).
///
/// # Panics
///
/// Never: the year and the org ids are valid literals.
pub fn report() -> Result<Report, BuildError> {
    let year = Period::year(2020).expect("2020 is a valid year");
    let mut report = Report::builder("2020年宣传思想文化工作总结及2021年工作计划", year)
        .org(org())
        .preface(
            "“不弛于空想，不婺于虚声”。今年以来，在{name:X}的领导下，在相关部门的支持下，\
             {name:X}坚持脚踏实地，高扬思想旗帜，丰富基层文化活动，强化对内对外宣传，\
             扎实有序推进各项工作，现将工作总结如下：",
        )
        // (一)
        .area(
            "epidemic-publicity",
            "强化责任担当，加强疫情防控宣传工作",
            "成立疫情防控工作领导小组，统筹协调疫情联防联控工作，严格贯彻落实上级工作部署，\
             充分动员社区居民积极参与，有效落实综合防控措施。严格落实社区疫情防控“十严格”制度，\
             按照“社区不漏户、户不漏人”的原则排查重点人群，并按照一人一策建好台帐，\
             做好跟踪随访，健康监测和信息报送，实行动态化管理。做好公共场所的管理和消毒工作，\
             实行网格化、地毯式摸排管理。通过走访群众、播放音视频、悬挂横幅、\
             微信群及微信公众号发布防控知识等形式加强疫情防控知识宣传，提高广大群众的防控意识。\
             加强卫生计生事业宣传，及时宣传落实卫生计生各项政策，推进矿区群众健康卫生事业发展。\
             加强社会治安综合治理宣传，做好信访和矛盾纠纷调处工作，依法严厉打击各类违法犯罪活动，\
             确保人民群众安居乐业，促进社会各项事业协调发展。",
        )
        // (二)
        .area(
            "ideology",
            "增强政治意识，抓牢抓实意识形态工作",
            "始终把意识形态工作摆在极端重要位置，\
             严格落实《党委（党组）意识形态工作责任制实施方案》要求，\
             全面履行意识形态工作主体责任，积极主动作为，勇于担责履职，敢于举旗亮剑，\
             以高度的政治自觉、有力的政策措施落实意识形态各项任务；党委书记主动担职履责，\
             坚持靠前指挥，重要工作亲自部署、重要问题亲自过问、重大事件亲自处置，\
             组织召开意识形态分析研判会{X 次 @ideology_review_meetings}，\
             安排部署意识形态领域风险排查{X 次 @ideology_risk_screenings}，\
             分社区召开意识形态工作部署会{X 次 @ideology_deployment_meetings}；\
             强化基层意识形态工作，把意识形态工作作为党建的重要内容，纳入目标考核体系，\
             明确各级党组织书记为所在支部第一责任人，要直接抓、亲自抓，\
             坚决贯彻落实意识形态各项工作，及时发现解决意识形态工作中存在的问题，\
             形成党委统一领导、班子成员分管、各基层党组织分工负责，一级抓一级、\
             层层抓落实的责任体系，确保掌握意识形态工作主导权。",
        )
        // (三)
        .area(
            "theory-study",
            "高扬思想旗帜，推进理想理论学习引领",
            "加强机关干部理论武装。\
             制定《2020年{name:X}理论学习中心组分专题集体学习安排意见》，完善学习制度，\
             通过“听”“讲”“议”、“写”等形式，强化领导干部理论学习；\
             结合“党的创新理论万场宣讲进基层”活动，组织班子成员深入基层一线讲党课、做宣讲，\
             通过理论武装增强领导班子的政治意识、大局意识、核心意识、看齐意识，截止目前，\
             开展党委理论中心组学习{5 次 @theory_group_study_sessions}，\
             深入基层宣讲{X 场 @grassroots_lectures}。\
             以“新时代文明实践微课堂”为抓手，通过专家授课、部门讲学等形式，\
             引导机关干部深入学习习近平新时代中国特色社会主义思想，\
             已开展{X 期 @micro_classroom_sessions}；\
             强化价值引领，开展“我们都是追梦人”新年诗会、清明“祭奠先烈”活动，\
             引导党员干部筑牢思想基础；积极推进学习强国平台运用，\
             开展优秀支部、优秀部门、优秀学员评选活动，激发干部学习热情。\
             加强基层党员群众思想引领。深入开展“身边人讲身边事”活动，组建一支“有故事”宣讲团，\
             先后开展了“我身边的革命故事”、“遇见”、“小乡村大变化”等主题宣讲活动，\
             通过讲故事的形式，传播正能量，推动新时代主流思想引领影响群众。\
             例如{name:X}为群众讲村史变迁、{name:X}讲述刘伯承警卫连战士{name:X}的风雨人生、\
             {name:X}讲述自己调查{name:X}八烈士故事的感想等，\
             通过宣讲人自己的亲历、亲闻、亲为，用“小故事”讲述“大道理”，\
             在无形中使党的理论家喻户晓、入脑入心；依托“三会一课一讲堂”活动，\
             组织党员群众集中收看、收听，及时学习党的最新政策精神，\
             第一时间把群众的思想统一到党中央的决策部署上。",
        )
        // (四)
        .area(
            "civility",
            "强化文明建设，推进社会主义核心价值观培育",
            "推进基层精神文明建设。开展“我身边的最美人物”评选活动，充分挖掘身边典型，\
             评选出好婆婆、好媳妇、好父亲、最美志愿者、最美家庭等身边最美人物（家）\
             {X 人 @model_people_honoured}，并于{date:X月X日}举行了隆重的表彰仪式，\
             在辖区营造崇尚孝道，传承好家风的良好氛围，\
             “十佳最美人”张善聪还被评为了“全国最美家庭”。利用微信公众号，\
             每周推出一期“最美人”宣传报道，宣传身边模范人物，弘扬社会正能量，塑家风、化民风；\
             突出社会主义先进文化价值引领，积极开展“文明居委会”创建和五好文明家庭评选活动，\
             坚持推进移风易俗，对辖区居委会居规民约进行了修订完善，引导群众破除陋俗、\
             倡树文明风尚。打造“家风传千秋，孝道进万家”品牌，依托传统节日开展活动，\
             南堰头春节叩拜父母活动、南水屯祠堂大年初一祭拜先祖、北水屯诵读家训持续开展，\
             引导群众弘扬传统美德，传承优秀文化。志愿者服务品牌建设日趋成熟。\
             整合“锋领”党员志愿者、“泉心泉意”巾帼志愿者服务等资源，\
             组建{X 支 @volunteer_teams}新时代文明实践志愿服务队，\
             坚持“一月一主题”开展志愿服务活动。年初以来，先后开展了“关爱互助”慰问月、\
             “弘扬传统”传承月、“学习雷锋”榜样月、“革命传统”践行月、“美丽家园”创建月、\
             “助力三夏”奉献月{X 次 @themed_volunteer_activities}主题活动，\
             志愿者开展结对帮扶、清洁家园、义务劳动、政策宣传等活动\
             {X 余次 @volunteer_service_activities}，营造了文明和谐的生活氛围",
        )
        // (五)
        .area(
            "positions",
            "强化阵地建设，营造健康向上的良好氛围",
            "提升居委会思想文化阵地建设。加强居委会综合文化服务中心建设，\
             对{name:X}综合文化服务中心进行改造提升；大力推进新时代文明实践站建设，\
             着重打造了{name:X}三个示范点，\
             投资{X 余万元 @practice_station_investment}建设了{name:X}史馆和{name:X}文化馆；\
             突出社会主义核心价值观引领，在居委会打造文化墙和文化景观小品，融入文明新风，\
             使其成为一道道靓丽的风景线和一所所会讲故事的道德“无声讲堂”，\
             强化主流意识形态的日常熏陶。加强公众阵地建设。\
             先后投资{X 余万元 @public_venue_investment}，\
             建设了志愿者主题广场、济渎路综合文化大街，\
             展示习近平新时代中国特色社会主义思想、社会主义核心价值观、志愿服务精神等内容，\
             成为传播主流思想、弘扬正能量的新阵地。抓好舆论传播阵地。构建主流舆论生态，\
             利用{name:X}微信公众号、电子显示屏等宣传媒介，\
             全方位、多角度宣传党的十九大和习近平新时代中国特色社会主义思想以及中央、省、\
             市有关精神，让宣传阵地充满主旋律和正能量，并对项目建设、民生工程等进行全面宣传，\
             年初以来共发布微信工作动态{X 条 @wechat_posts}，\
             在东方今报、澎湃新闻、腾讯等新闻媒体上发布信息{X 余条 @news_media_posts}，\
             在{name:X}日报、晨报、电视台等媒体发布动态{X 余条 @press_and_tv_posts}，\
             全方位展示形象，让基层党员群众充分了解工作，形成比学赶超积极向上的氛围。\
             强化互联网思维，牢牢掌控网络意识形态主动权。{date:X月}份，\
             对辖区微信工作群进行了摸底调查，并就新媒体运用进行了专题分析研判，\
             印发了《关于转发《关于规范党员干部网络行为的意见》的通知》，\
             明确各居宣传委员和文化管理员对本居的各种微信群进行监管，\
             对网络谣言、负面信息等网络乱象及时制止，增添网上的正能量。",
        )
        // (六)
        .area(
            "grassroots-culture",
            "繁荣基层文化，不断丰富群众文化生活",
            "以“我们的节日”为主题，引导辖区居委会结合实际在春节期间开展了蒸花馍大赛、\
             春联送万家、我们的村晚、农民运动会、花落谁家评选等活动，展示传统年俗，\
             推动基层移风易俗；组织开展了“文化进万家”元宵节文艺汇演，\
             {X 支 @performing_teams}队伍为辖区群众带来了精彩纷呈的表演；\
             组织开展清明革命传统教育和“情系端午粽叶飘香”邻里互助活动，\
             在弘扬传统节日文化的同时传递新时代积极向上的生活态度。积极开展优秀戏曲下乡活动，\
             在{name:X}等居委会开展戏曲表演{X 余场 @opera_performances}，\
             丰富了群众文化生活；强化文艺骨干队伍建设和基层文艺活动引导，\
             基层文化队伍主动作为增多，比如{name:X}居委会组织开展了居委会第六届门球赛，\
             {name:X}居委会组织周边居委会开展广场舞交流赛，\
             {name:X}居委会每周组织群众学唱爱国歌曲等，为群众带来了健康向上的文化产品。",
        )
        // 存在问题
        .problem(
            "shallow-theory-study",
            "理论学习不够深入",
            "学习习近平新时代中国特色社会主义思想不够全面深入。集中学习多，\
             围绕学习贯彻习近平新时代中国特色社会主义思想研讨交流少，入心入脑，学深学透、\
             弄懂弄通方面有待进一步加强。",
        )
        .concerning("theory-study")
        .problem(
            "online-awareness",
            "思想认识还有差距",
            "对网络意识形态的影响力、传播力，认识不足、重视不够，\
             充分发挥各类平台和媒介的作用开展常态化、大众化的学习宣传工作有待进一步提升创新。",
        )
        .concerning("positions")
        // 2021 年工作计划
        .plan(year.next(), "2021 年工作计划")
        .plan_item(
            "ideology-duty",
            "抓好意识形态责任落实",
            "组织召开意识形态工作专题会议，全面安排部署意识形态工作，细化意识形态工作职责，\
             进一步强化基层对意识形态工作重要性的认识，将意识形态领域风险防控作为日常工作，\
             时时关注，处处留意，及时发现问题隐患，强化引导管控。",
        )
        .concerning("ideology")
        .addresses("online-awareness")
        .plan_item(
            "opinion-guidance",
            "抓好宣传舆论引导",
            "加强正面宣传，继续深入开展“最美人”宣传活动，以典型引领，凝聚人心，\
             传递社会正能量。做好中国传统文化的挖掘和成就的展示宣传，\
             把社会主义核心价值观建设落地落实。进一步完善新媒体的覆盖面和传播力度，\
             通过开设专题、专栏等方式，加大主题宣传和典型宣传的力度，拓宽对外宣传渠道，\
             切实提高舆论引导水平。",
        )
        .concerning("positions")
        .concerning("civility")
        .addresses("online-awareness")
        .plan_item(
            "theory-guidance",
            "加强理论学习引导",
            "加强理论武装学习，坚持开展新时代文明实践微课堂活动，提升干部综合素质；\
             强化政策宣传力度，结合“党的创新理论万场宣讲进基层”“身边人讲身边事”等活动，\
             深入学习宣传习近平新时代中国特色社会主义理论，\
             结合实际组织开展首届“故事会”宣讲活动，用身边故事影响身边人。\
             推动社会正能量和主旋律深入人心。",
        )
        .concerning("theory-study")
        .addresses("shallow-theory-study")
        .plan_item(
            "teams-and-positions",
            "强化队伍及阵地建设",
            "加强基层宣传思想文化队伍建设，组织开展宣传文化干部专题培训，提升基层干部业务能力；\
             完善提升基层综合文化服务中心，结合新时代文明实践站建设，\
             对{name:X}河、{name:X}等基础薄弱的居委会的文化服务中心进行整合完善，\
             对{name:X}、{name:X}等基础较好的居委会进行功能提升；\
             深入开展新时代文明实践志愿服务活动，坚持一月一主题，不断丰富活动载体，\
             通过活动凝聚群众、引导群众、以文化人，成风化俗。",
        )
        .concerning("positions")
        .concerning("civility")
        .plan_item(
            "richer-culture",
            "进一步丰富基层文化活动",
            "结合建党{100 周年}，组织开展{name:X}文化节专场、“印象”摄影展等文化活动，\
             丰富群众文化生活；依托我们的节日，继续开展{name:X}中秋百家宴、\
             重阳节敬老爱老志愿红服务活动等，传递基层正能量。",
        )
        .concerning("grassroots-culture")
        .build()?;
    label_figures(&mut report);
    Ok(report)
}

/// The township, its name unknown, and the residents' committees the text
/// names.
fn org() -> OrgUnit {
    let id = |s: &str| -> OrgId { s.parse().expect("the org ids are valid literals") };
    OrgUnit::new(id("township"), "X")
        .child(OrgUnit::new(id("nanyantou"), "南堰头居委会"))
        .child(OrgUnit::new(id("nanshuitun"), "南水屯居委会"))
        .child(OrgUnit::new(id("beishuitun"), "北水屯居委会"))
}

/// A catalog row: key, Chinese label, English label, aliases (the text's
/// wordings), unit, kind, direction, and the clause of the seed that names
/// the figure (the figure's label).
type Row = (
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
    MetricKind,
    Direction,
    &'static str,
);

/// One metric per distinct thing the seed counts.
#[rustfmt::skip]
const METRICS: [Row; 17] = [
    // (二)
    ("ideology_review_meetings", "意识形态分析研判会", "ideology review meetings",
     &["召开意识形态分析研判会", "分析研判会"], "次", Flow, HigherIsBetter,
     "组织召开意识形态分析研判会"),
    ("ideology_risk_screenings", "意识形态领域风险排查", "ideology risk screenings",
     &["部署意识形态领域风险排查", "风险排查"], "次", Flow, HigherIsBetter,
     "安排部署意识形态领域风险排查"),
    ("ideology_deployment_meetings", "意识形态工作部署会", "ideology work deployment meetings",
     &["召开意识形态工作部署会", "工作部署会"], "次", Flow, HigherIsBetter,
     "分社区召开意识形态工作部署会"),
    // (三)
    ("theory_group_study_sessions", "党委理论中心组学习", "party committee theory group study sessions",
     &["理论中心组学习", "中心组学习"], "次", Flow, HigherIsBetter,
     "开展党委理论中心组学习"),
    ("grassroots_lectures", "深入基层宣讲", "lectures at the grassroots",
     &["基层宣讲", "宣讲进基层"], "场", Flow, HigherIsBetter,
     "深入基层宣讲"),
    ("micro_classroom_sessions", "新时代文明实践微课堂", "civilisation practice micro-classroom sessions",
     &["文明实践微课堂", "微课堂", "专家授课"], "期", Flow, HigherIsBetter,
     "以“新时代文明实践微课堂”为抓手"),
    // (四)
    ("model_people_honoured", "身边最美人物", "model people honoured",
     &["最美人物", "我身边的最美人物"], "人", DistinctCount, HigherIsBetter,
     "好婆婆、好媳妇、好父亲、最美志愿者、最美家庭等身边最美人物（家）"),
    ("volunteer_teams", "新时代文明实践志愿服务队", "volunteer service teams",
     &["文明实践志愿服务队", "志愿服务队"], "支", Stock, HigherIsBetter,
     "新时代文明实践志愿服务队"),
    ("themed_volunteer_activities", "志愿服务主题活动", "themed monthly volunteer activities",
     &["主题活动", "一月一主题"], "次", Flow, HigherIsBetter,
     "主题活动"),
    ("volunteer_service_activities", "志愿服务活动", "volunteer service activities",
     &["结对帮扶、清洁家园、义务劳动、政策宣传等活动", "志愿者开展结对帮扶"], "次", Flow, HigherIsBetter,
     "志愿者开展结对帮扶、清洁家园、义务劳动、政策宣传等活动"),
    // (五)
    ("practice_station_investment", "新时代文明实践站建设投资", "investment in civilisation practice stations",
     &["文明实践站建设", "新时代文明实践站建设", "史馆"], "万元", Flow, Neutral,
     "大力推进新时代文明实践站建设"),
    ("public_venue_investment", "公众阵地建设投资", "investment in public venues",
     &["公众阵地建设", "志愿者主题广场"], "万元", Flow, Neutral,
     "加强公众阵地建设"),
    ("wechat_posts", "微信工作动态", "WeChat work updates",
     &["发布微信工作动态"], "条", Flow, HigherIsBetter,
     "共发布微信工作动态"),
    ("news_media_posts", "新闻媒体发布信息", "items in news media",
     &["新闻媒体上发布信息"], "条", Flow, HigherIsBetter,
     "在东方今报、澎湃新闻、腾讯等新闻媒体上发布信息"),
    ("press_and_tv_posts", "报纸电视台发布动态", "updates in newspapers and on TV",
     &["日报、晨报、电视台等媒体发布动态", "电视台等媒体发布动态"], "条", Flow, HigherIsBetter,
     "日报、晨报、电视台等媒体发布动态"),
    // (六)
    ("performing_teams", "元宵节文艺汇演队伍", "teams performing at the Lantern Festival gala",
     &["元宵节文艺汇演", "文艺汇演", "精彩纷呈的表演"], "支", DistinctCount, HigherIsBetter,
     "“文化进万家”元宵节文艺汇演"),
    ("opera_performances", "戏曲表演", "opera performances",
     &["开展戏曲表演", "戏曲下乡"], "场", Flow, HigherIsBetter,
     "开展戏曲表演"),
];

/// Gives each bound figure its clause (templates have no syntax for it).
fn label_figures(report: &mut Report) {
    for (_, narrative) in report.narratives_mut() {
        for figure in &mut narrative.figures {
            let Some(metric) = &figure.metric else {
                continue;
            };
            if let Some(row) = METRICS.iter().find(|row| row.0 == metric.as_str()) {
                figure.label = Some(row.7.to_owned());
            }
        }
    }
}

/// One metric per distinct thing the seed counts, with the wordings the
/// text uses for it.
///
/// # Errors
///
/// A [`CatalogError`] if two metrics share a key or a wording (they do not:
/// the integration test builds it).
///
/// # Panics
///
/// Never: the keys and units are valid literals.
pub fn catalog() -> Result<Catalog, CatalogError> {
    let metrics = METRICS
        .into_iter()
        .map(|(key, zh, en, aliases, unit, kind, direction, _)| {
            let key = key.parse().expect("the metric keys are valid literals");
            let unit = unit.parse().expect("the units are valid literals");
            aliases.iter().fold(Metric::new(key, zh, unit).en(en), |m, a| m.alias(*a)).kind(kind).direction(direction)
        })
        .collect();
    Catalog::new(metrics)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let report = report()?;
    if std::env::args().skip(1).any(|a| a == "--json") {
        println!("{}", workreport::json::to_string_pretty(&report)?);
        return Ok(());
    }
    let catalog = catalog()?;
    for diagnostic in check(&report, &CheckOptions::new().catalog(&catalog)) {
        println!("{diagnostic}");
    }
    Ok(())
}
