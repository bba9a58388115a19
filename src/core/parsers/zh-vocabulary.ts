/**
 * Chinese INPUT VOCABULARY for the answer parsers.
 *
 * Everything here is vocabulary the parsers must RECOGNISE in what teachers type (plus the handful of
 * characters `formatDateZh` needs to render a date value). None of it is a message shown to people:
 * prompts, re-asks and apologies live in templates/ and are chosen by the `HintKey` a parser returns.
 *
 * This is the only file under src/ that may contain Chinese outside comments; a test enforces that,
 * so parsers build their regular expressions from these tables (see `vocabulary-pattern.ts`).
 * Lists are plain data: order does not matter, the pattern builders sort longest-first.
 */

// ---------------------------------------------------------------------------------------------
// Numerals
// ---------------------------------------------------------------------------------------------

/** Digit characters, including financial (大写) forms, traditional variants and colloquial 两/俩/幺. */
export const ZH_DIGITS: Readonly<Record<string, number>> = {
  零: 0,
  〇: 0,
  洞: 0,
  一: 1,
  壹: 1,
  幺: 1,
  二: 2,
  贰: 2,
  貳: 2,
  两: 2,
  兩: 2,
  俩: 2,
  倆: 2,
  三: 3,
  叁: 3,
  參: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  陸: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
};

/** Characters that are a zero placeholder inside a numeral (一百零五, 二〇二四). */
export const ZH_ZERO_CHARS: readonly string[] = ['零', '〇', '洞'];

/** Units below ten thousand: they multiply the digit before them inside one section. */
export const ZH_SMALL_UNITS: Readonly<Record<string, number>> = {
  十: 10,
  拾: 10,
  百: 100,
  佰: 100,
  千: 1000,
  仟: 1000,
};

/** Section units: they multiply everything accumulated in the current section. */
export const ZH_LARGE_UNITS: Readonly<Record<string, number>> = {
  万: 10_000,
  萬: 10_000,
  亿: 100_000_000,
  億: 100_000_000,
};

/** A minus sign written as a word (负三). */
export const ZH_NEGATIVE_SIGNS: readonly string[] = ['负'];

/** Decimal point and halves: their presence means the answer is not a whole number (两点五, 一个半). */
export const ZH_FRACTION_MARKERS: readonly string[] = ['点', '半'];

/** Half, as in 一个半 (one and a half). */
export const ZH_HALF = '半';
/** The general measure word, which may sit between a number and 半 (一个半). */
export const ZH_GENERIC_COUNTER = '个';

/** Words that make a count approximate and therefore not an exact integer (十几次, 10多次, 十来个, 10余次, 几次). */
export const ZH_INEXACT_MARKERS: readonly string[] = ['几', '多', '来', '余', '好几'];

/** Bounds are not counts either (超过10次, 至少3次, 10次以上, 5次以内). */
export const ZH_BOUND_PREFIXES: readonly string[] = ['超过', '多于', '少于', '至少', '最少', '最多', '不到', '不少于', '不超过', '不止', '将近', '接近', '小于', '大于'];
export const ZH_BOUND_SUFFIXES: readonly string[] = ['以上', '以下', '以内', '之内', '出头', '不到', '多'];

/** Words between two numbers that make a range (3到5次, 三至五次, 3或4次). */
export const ZH_RANGE_SEPARATORS: readonly string[] = ['到', '至', '或', '或者'];

// ---------------------------------------------------------------------------------------------
// Counts
// ---------------------------------------------------------------------------------------------

/** Words in front of a count that do not change it (共5项, 一共三次, 有2个). */
export const ZH_COUNT_PREFIXES: readonly string[] = [
  '一共',
  '总共',
  '共计',
  '合计',
  '总计',
  '累计',
  '共',
  '总数',
  '有',
  '是',
  '为',
];

/** Hedges people put around an honest estimate; the number is still the answer (大概5次, 5次左右). */
export const ZH_HEDGE_PREFIXES: readonly string[] = ['大概', '大约', '约', '差不多', '估计', '应该', '可能', '约莫', '大致'];
export const ZH_HEDGE_SUFFIXES: readonly string[] = ['左右', '上下'];

/** Measure words (量词) that may follow a count. */
export const ZH_COUNTERS: readonly string[] = [
  '人次',
  '次',
  '个',
  '項',
  '项',
  '件',
  '人',
  '名',
  '位',
  '天',
  '日',
  '节',
  '节课',
  '课时',
  '小时',
  '个小时',
  '分钟',
  '份',
  '场',
  '篇',
  '张',
  '本',
  '条',
  '回',
  '遍',
  '门',
  '周',
  '个月',
  '月',
  '年',
  '元',
  '块',
  '所',
  '家',
  '班',
  '期',
  '轮',
  '批',
  '例',
  '处',
  '种',
  '类',
  '页',
  '表',
  '趟',
];

/** Answers that mean "zero" to a "how many" question. */
export const ZH_ZERO_WORDS: readonly string[] = [
  '零',
  '没有',
  '没',
  '无',
  '木有',
  '莫有',
  '没得',
  '没有过',
  '从没有',
  '从来没有',
  '从没',
  '从未',
  '未曾',
  '一次也没有',
  '一次都没有',
  '一个也没有',
  '一个都没有',
  '一项也没有',
  '一项都没有',
  '都没有',
  '均无',
  '全无',
  '暂无',
  '无此情况',
  '没有此情况',
  '没有这种情况',
  '未发生',
];

/** Sentence-final particles that carry tone, not meaning (是啊, 5次吧, 没有了). */
export const ZH_TRAILING_PARTICLES: readonly string[] = ['了', '吧', '啊', '呀', '哦', '噢', '喔', '呢', '哈', '啦', '嘛', '哟', '呐', '滴'];

/** Hesitation fillers at the start of an answer (嗯，是的 / 呃 不是). */
export const ZH_FILLER_WORDS: readonly string[] = ['嗯', '嗯嗯', '呃', '额', '唔', '那个', '这个', '就是', '我觉得', '我认为'];

// ---------------------------------------------------------------------------------------------
// Yes / no / unknown
// ---------------------------------------------------------------------------------------------

export const ZH_YES_WORDS: readonly string[] = [
  '是',
  '是的',
  '是滴',
  '对',
  '对的',
  '对啊',
  '有',
  '有的',
  '有过',
  '好',
  '好的',
  '可以',
  '行',
  '嗯',
  '嗯嗯',
  '恩',
  '确认',
  '确定',
  '同意',
  '没错',
  '正确',
  '属实',
  '存在',
  '当然',
  '肯定',
  '必须的',
  '√',
];

export const ZH_NO_WORDS: readonly string[] = [
  '否',
  '不是',
  '不',
  '不对',
  '没有',
  '没',
  '无',
  '木有',
  '没有的',
  '没有过',
  '不存在',
  '不行',
  '不可以',
  '不要',
  '不用',
  '不需要',
  '不同意',
  '从来没有',
  '从没有',
  '从未',
  '并没有',
  '未',
  '非',
  '×',
];

export const ZH_UNKNOWN_WORDS: readonly string[] = [
  '不清楚',
  '不知道',
  '不确定',
  '不了解',
  '不太清楚',
  '不太确定',
  '不记得',
  '记不清',
  '记不清了',
  '忘了',
  '忘记了',
  '说不清',
  '说不好',
  '不好说',
  '不晓得',
  '不详',
  '未知',
  '待定',
  '待确认',
];

// ---------------------------------------------------------------------------------------------
// Choices
// ---------------------------------------------------------------------------------------------

/** Words before a choice number (选2, 我选第二个, 选项3). */
export const ZH_CHOICE_PREFIXES: readonly string[] = ['我选择', '我选', '选择', '选项', '选', '答案是', '答案'];
/** Ordinal marker (第2个). */
export const ZH_ORDINAL_PREFIX = '第';
/** Words after a choice number (第2个, 2号, 3项). */
export const ZH_CHOICE_SUFFIXES: readonly string[] = ['个选项', '选项', '个', '项', '条', '种', '号', '类'];
/** Enumeration comma used after a list number (2、). */
export const ZH_ENUMERATION_COMMA = '、';
/** Words that negate what follows (不是语文): a label found next to them must not be taken as the choice. */
export const ZH_NEGATION_MARKERS: readonly string[] = ['不是', '不要', '不选', '不', '没', '非', '除了', '别'];

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

export const ZH_YEAR_WORD = '年';
export const ZH_MONTH_WORD = '月';
/** Day-of-month markers (5日 / 5号). */
export const ZH_DAY_WORDS: readonly string[] = ['日', '号', '號'];
/** "Of" between a period and a day (去年的6月5日, 上个月的5号). */
export const ZH_OF = '的';
/** Optional measure word between a relative prefix and a period (上个月, 这个星期). */
export const ZH_PERIOD_MEASURE = '个';
/** A month name may carry 份 (6月份). */
export const ZH_MONTH_SUFFIX = '份';

/** Words for "week". */
export const ZH_WEEK_WORDS: readonly string[] = ['星期', '礼拜', '禮拜', '周', '週'];

/** Weekday characters after a week word, ISO numbering (Monday 1 ... Sunday 7). */
export const ZH_WEEKDAY_CHARS: Readonly<Record<string, number>> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  日: 7,
  天: 7,
};

/** Relative week prefixes, in weeks from the current (Monday-start) week: 上上周三, 上周三, 本周一, 这周五, 下周一. */
export const ZH_RELATIVE_WEEK_PREFIXES: Readonly<Record<string, number>> = {
  上上: -2,
  上: -1,
  本: 0,
  这: 0,
  這: 0,
  下: 1,
  下下: 2,
};

/** Relative month prefixes, in months from the current month: 上个月5号, 本月3日. */
export const ZH_RELATIVE_MONTH_PREFIXES: Readonly<Record<string, number>> = {
  上上: -2,
  上: -1,
  本: 0,
  这: 0,
  這: 0,
  当: 0,
  下: 1,
};

/** Relative years, in years from the current year: 去年6月5日. */
export const ZH_RELATIVE_YEARS: Readonly<Record<string, number>> = {
  大前年: -3,
  前年: -2,
  去年: -1,
  今年: 0,
  明年: 1,
};

/** "... ago" suffix (3天前, 两周之前, 一个星期以前). */
export const ZH_AGO_WORDS: readonly string[] = ['之前', '以前', '前'];
/** Vague amounts that cannot give a day (几天前, 半个月前). */
export const ZH_VAGUE_AMOUNTS: readonly string[] = ['几', '半', '好几', '若干'];
/** Units for "N units ago", in days (weeks are 7 days; months and years are left to chrono-node). */
export const ZH_AGO_DAY_UNITS: Readonly<Record<string, number>> = {
  天: 1,
  日: 1,
  周: 7,
  週: 7,
  星期: 7,
  礼拜: 7,
  禮拜: 7,
};
export const ZH_AGO_CALENDAR_UNITS: readonly string[] = ['个月', '月', '年'];

/** Times of day that chrono-node reports as a date on their own (上午 alone is not an answer to "which day"). */
export const ZH_TIME_OF_DAY_WORDS: readonly string[] = ['上午', '早上', '早晨', '下午', '晚上', '夜里', '夜晚', '夜', '中午', '凌晨', '傍晚'];

// ---------------------------------------------------------------------------------------------
// Media placeholders
// ---------------------------------------------------------------------------------------------

/** Bracket pairs around a placeholder: [图片] and 【图片】. */
export const ZH_PLACEHOLDER_BRACKETS: ReadonlyArray<readonly [string, string]> = [
  ['[', ']'],
  ['【', '】'],
];

/**
 * What WeCom (and clients forwarding into it) put in a text message when the person actually sent media.
 * Such a message carries no answer.
 */
export const ZH_MEDIA_PLACEHOLDERS: readonly string[] = [
  '图片',
  '表情',
  '动画表情',
  '语音',
  '视频',
  '文件',
  '链接',
  '位置',
  '名片',
  '红包',
  '转账',
  '聊天记录',
  '小程序',
  '音乐',
  '不支持的消息类型',
  '暂不支持此消息类型',
  'image',
  'photo',
  'picture',
  'sticker',
  'emoji',
  'voice',
  'audio',
  'video',
  'file',
  'link',
  'location',
];

// ---------------------------------------------------------------------------------------------
// Formatting a date value (not a message: the caller's template decides the sentence around it)
// ---------------------------------------------------------------------------------------------

/** Weekday names indexed by JavaScript's getUTCDay() (Sunday 0). */
export const ZH_WEEKDAY_NAMES: readonly [string, string, string, string, string, string, string] = [
  '星期日',
  '星期一',
  '星期二',
  '星期三',
  '星期四',
  '星期五',
  '星期六',
];

/** Characters of the written date form 2024年6月5日（星期三）. */
export const ZH_DATE_FORMAT = {
  year: '年',
  month: '月',
  day: '日',
  weekdayOpen: '（',
  weekdayClose: '）',
} as const;

/** Between the two ends of a date range: 11月20日到11月30日, 11月20日至30日 (parse-when.ts). */
export const ZH_DATE_RANGE_SEPARATORS: readonly string[] = ['一直到', '到', '至', '~', '～', '—', '——', '－'];

/** After a month when the day does not matter: 9月份, 9月初, 9月底 (parse-when.ts). */
export const ZH_MONTH_SUFFIXES: readonly string[] = ['份', '初', '上旬', '中旬', '下旬', '底', '末'];

// ---------------------------------------------------------------------------------------------
// A description typed straight in (find-description-facts.ts): the unit, the day and the place it names
// ---------------------------------------------------------------------------------------------

/** Days said relative to today, as they stand inside a sentence: 昨天县里通知…. */
export const ZH_RELATIVE_DAY_WORDS: readonly string[] = ['大前天', '前天', '昨天', '今天', '明天', '后天'];

/** How the name of a unit ends: 永宁县教育局, 望洪镇政府, 县文明办. */
export const ZH_UNIT_SUFFIXES: readonly string[] = [
  '教育局', '教体局', '教育和体育局', '人民政府', '政府', '街道办事处', '街道办', '街道', '委员会', '党委', '团委',
  '妇联', '科协', '文联', '卫健委', '应急管理局', '公安局', '派出所', '消防救援大队', '宣传部', '文明办', '司法局',
  '民政局', '交警大队', '督导室', '教研室', '教研中心', '中心', '协会', '学会', '局', '委', '办',
];

/** What a unit does to teachers, right after its name: 县教育局要求…, 镇政府让…. */
export const ZH_UNIT_ACTION_VERBS: readonly string[] = ['要求', '让', '组织', '安排', '通知', '布置', '下发', '开展', '举办', '叫', '发文', '下通知'];

/** Where a unit's name stops when read leftwards from its end: 被县文明办要求 gives 县文明办. */
export const ZH_UNIT_LEFT_STOPS: readonly string[] = ['的', '了', '在', '被', '由', '是', '说', '和', '跟', '及', '与', '给', '对', '把', '从', '又', '还', '都'];

/** Words before a unit's name that are not part of it: 最近县教育局…, 我们镇政府…. */
export const ZH_UNIT_LEADING_NOISE: readonly string[] = ['最近', '近期', '近来', '我们', '我校', '今年', '每年', '每月', '每周', '每天', '经常', '总是', '一直', '突然', '上级'];

/** A name that ends like a unit but says no unit: 学校 alone, 中心 alone. */
export const ZH_VAGUE_UNITS: readonly string[] = ['学校', '上级', '中心', '单位', '领导'];

/** Before a place: 在县体育馆…. */
export const ZH_PLACE_MARKERS: readonly string[] = ['在'];

/** How the name of a place ends: 县体育馆, 学校礼堂, 镇中心小学. */
export const ZH_PLACE_SUFFIXES: readonly string[] = [
  '礼堂', '会议室', '报告厅', '操场', '广场', '体育馆', '多功能厅', '大厅', '教室', '学校', '小学', '中学', '中心', '政府',
  '村委会', '社区', '剧院', '会堂', '宾馆', '酒店',
];

/** Words that say it happened online (the place reads 线上): 网上培训, 腾讯会议. */
export const ZH_ONLINE_WORDS: readonly string[] = ['线上', '网上', '网络', '腾讯会议', '钉钉', '微信群', '小程序', '公众号', '直播'];

/** The place an online activity is given. */
export const ZH_ONLINE_PLACE = '线上';

/**
 * Words that make a long message read as a burden or a complaint being described, rather than a question
 * about the bot: 要求, 填表, 打卡, 投票….
 */
export const ZH_DESCRIPTION_SIGNALS: readonly string[] = [
  '要求', '让我们', '让老师', '组织', '安排', '通知', '布置', '下发', '填', '表', '报送', '检查', '督查', '评比', '评选', '考核',
  '投票', '打卡', '签到', '培训', '会议', '开会', '活动', '借调', '抽调', '抽走', '下载', '安装', '截图', '转发', '拍照',
  '迎检', '材料', '台账', '留痕', '加班', '周末', '任务', '摊派', '竞赛', '答题',
];
