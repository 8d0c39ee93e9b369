"""Full-text search that finds what people type: one Chinese character, a two-character word, part of a code.

SQLite's trigram tokenizer never matches a query shorter than three characters (PLATFORM.md), and most
Chinese words are two characters (破损, 异物). So we index our own tokens, space-separated, in an FTS5 table with
the unicode61 tokenizer. A complaint's document is two parts:

- the phrase part, in text order: every CJK bigram (a single CJK character that stands alone as itself) and every
  Latin/digit word. A two-character query is one token; a longer CJK query is a phrase of consecutive bigrams.
- the parts part, after it, each token once: every CJK character on its own (so 差 is found at the end of 质量差
  too, where no bigram starts with it) and every tail of two or more characters of a Latin/digit word (so "mg"
  finds "50mg" and "438" the batch 236438). A Latin query matches as a prefix of a word or of one of its tails:
  any part of it. A phrase of bigrams cannot match inside the parts part (its tokens are single characters or
  Latin), so keeping both in one column leaves the table as migration 2 made it.

Text is folded before it is cut, the same way for the documents and the query: NFKC (full-width letters and
digits), lower case, and traditional characters to simplified (``_T2S``, the common characters of complaint
texts: 質量 finds 质量 and the other way round). Over-folding a rare character only adds a match, never loses
one. A single Latin letter or digit matches word starts only (a tail of one character would be in nearly every
document).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlite_utils import Database

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_RUN = re.compile(rf"[{_CJK}]+|[0-9A-Za-z\u00c0-\u024f]+")
_IS_CJK = re.compile(rf"[{_CJK}]")
TAIL_MIN = 2  # the shortest tail of a Latin/digit word that is indexed
TAIL_STARTS = 30  # tails start at most this far into a word (a pasted 200-character string stays small)

INDEXED_COLUMNS = ("number", "product_name", "strength", "batch_no", "complainant_name", "complainant_org",
                   "contact_person", "description", "request")

# Traditional → simplified, pairs of characters (traditional first): the common characters of complaint texts.
_T2S_PAIRS = (
    "質质藥药劑剂顆颗膠胶針针裝装標标籤签簽签說说書书異异發发現现損损壞坏滲渗變变氣气過过號号產产廠厂醫医療疗師师護护"
    "問问題题檢检驗验測测試试報报訴诉處处應应對对確确認认記记錄录單单據据數数規规範范紅红黃黄綠绿藍蓝顏颜開开關关門门"
    "後后與与於于為为個个們们來来這这裡里裏里時时間间東东車车電电話话網网絡络線线紙纸殼壳蓋盖鋁铝層层條条狀状態态實实"
    "際际無无嚴严輕轻級级類类別别種种樣样體体積积濃浓溫温濕湿儲储運运輸输貨货賣卖買买價价錢钱費费換换賠赔償偿請请復复"
    "饋馈聯联繫系係系戶户員员經经銷销鋪铺診诊斷断頭头暈晕惡恶噁恶嘔呕膚肤癢痒腫肿脹胀熱热燒烧瘡疮傷伤壓压臟脏腎肾臨临"
    "飲饮兒儿嬰婴婦妇歲岁齡龄錯错誤误劃划汙污雜杂黴霉澱淀渾浑濁浊結结塊块軟软乾干滿满夠够遺遗亂乱擠挤鬆松緊紧閉闭啟启"
    "鋼钢鐵铁銅铜錫锡術术設设備备儀仪計计錶表鐘钟機机構构證证許许註注冊册審审憶忆檔档歸归調调糾纠預预風风險险評评總总"
    "論论決决議议見见觀观導导統统傳传郵邮遞递區区縣县鎮镇鄉乡樓楼廣广蘇苏滬沪華华國国陽阳陰阴雲云龍龙鳳凤馬马張张陳陈"
    "劉刘楊杨趙赵吳吴孫孙鄭郑鄧邓蕭萧葉叶謝谢羅罗韓韩馮冯蔣蒋鍾钟盧卢賈贾閻阎蘭兰麗丽軍军偉伟強强傑杰濤涛輝辉鵬鹏飛飞"
    "靜静穎颖瑩莹嬌娇鳴鸣聲声聽听讀读寫写畫画圖图學学習习練练專专業业務务組组織织團团隊队長长廳厅辦办場场倉仓庫库櫃柜"
    "帶带點点擊击選选擇择項项頁页碼码編编輯辑顯显內内詳详細细簡简複复舊旧較较極极適适當当該该須须讓让給给從从誰谁麼么"
    "嗎吗還还會会沒没難难樂乐歡欢愛爱憂忧擔担驚惊嚇吓遲迟進进離离遠远邊边側侧隨随陸陆續续繼继億亿萬万兩两雙双幾几餘余"
    "則则雖虽卻却並并況况稱称讚赞謹谨協协幫帮禮礼罰罚責责義义權权賬账額额稅税資资銀银轉转匯汇繳缴納纳購购製制廢废棄弃"
    "毀毁滅灭殺杀蟲虫蒼苍蠅蝇髮发絲丝纖纤維维紗纱繃绷貼贴漿浆沖冲懸悬環环節节鑑鉴鑒鉴識识響响鈴铃簾帘燈灯爐炉鍋锅盤盘"
    "壺壶槍枪彈弹劍剑鉗钳錘锤鑽钻釘钉鎖锁鑰钥幣币紀纪綱纲紋纹繡绣縫缝紐纽釦扣鈕钮襪袜褲裤衛卫潔洁淨净衝冲穩稳濟济補补"
    "訂订閱阅築筑爭争奪夺奮奋鬥斗戰战勝胜敗败贏赢賽赛獎奖勵励優优勢势謂谓廈厦閣阁閃闪閥阀閘闸闖闯聞闻闊阔鬧闹齒齿嚨咙"
    "膽胆腸肠腦脑臉脸頸颈頰颊顎颚腳脚脈脉癒愈養养餵喂鈣钙鋅锌鉀钾鈉钠鎂镁錳锰鉛铅鉻铬鎘镉鈷钴鎳镍鋰锂鋇钡鉑铂釩钒鈦钛"
    "鋯锆矽硅氫氢鹼碱鹽盐醯酰鏈链烴烃純纯覈核歷历曆历緣缘綫线縮缩擴扩濾滤瀝沥潤润澀涩鹹咸煙烟塵尘髒脏漬渍癟瘪脫脱動动"
    "搖摇凍冻揮挥濺溅瀉泻噴喷霧雾殘残跡迹淺浅鮮鲜艷艳豔艳刪删寶宝貝贝財财貴贵賞赏賓宾賴赖負负貸贷貿贸賊贼贈赠賺赚賜赐"
    "頻频順顺領领頗颇願愿顧顾顛颠飯饭飽饱館馆餅饼驅驱騰腾驟骤魚鱼鳥鸟鴨鸭雞鸡鵝鹅麥麦麵面齊齐龜龟倫伦倆俩僅仅剛刚創创"
    "劇剧勁劲勞劳勸劝厭厌參参叢丛啞哑喪丧喬乔囑嘱圍围園园圓圆塗涂墊垫壇坛壯壮壽寿夢梦夾夹奧奥媽妈婁娄寧宁寬宽寵宠將将"
    "尋寻屬属島岛嶺岭幹干廟庙彎弯徑径徵征惱恼慣惯慶庆懷怀戀恋戲戏擁拥擋挡擬拟攜携攝摄斂敛晝昼暫暂曬晒樞枢樹树橋桥洩泄"
    "湯汤滯滞滾滚漢汉灣湾災灾烏乌煉炼營营爺爷牆墙獨独獲获畢毕盡尽監监眾众睏困矯矫礎础禦御穀谷窮穷競竞筆笔籃篮糧粮約约"
    "紛纷終终絕绝綜综緒绪緩缓績绩繪绘罷罢聖圣職职肅肃脅胁興兴舉举艙舱莊庄蔥葱薦荐薩萨藝艺蘋苹蘿萝蝦虾視视親亲覺觉覽览"
    "觸触訊讯討讨訓训訪访詞词詩诗誌志課课談谈諮咨謀谋講讲豐丰貓猫貢贡販贩賀贺贊赞趕赶趨趋踐践蹤踪躍跃軌轨載载輔辅輛辆"
    "轄辖農农連连週周達达違违鄰邻釋释鈔钞鋒锋鍵键鏡镜鑄铸閒闲陣阵階阶隱隐靈灵頂顶頒颁駐驻騎骑黨党瓊琼衆众湧涌憑凭賦赋"
    "緻致棧栈縱纵噸吨噹当嘗尝廂厢彙汇鍛锻緝缉竊窃瀏浏螢萤瘧疟癇痫瘍疡癥症疊叠疇畴痺痹痙痉瘓痪")
_T2S = str.maketrans({_T2S_PAIRS[i]: _T2S_PAIRS[i + 1] for i in range(0, len(_T2S_PAIRS), 2)})


def fold(text: str) -> str:
    """The text as it is indexed and searched: NFKC, lower case, simplified characters."""
    return unicodedata.normalize("NFKC", text or "").lower().translate(_T2S)


def _runs(text: str) -> list[str]:
    return _RUN.findall(fold(text))


def _bigrams(run: str) -> list[str]:
    return [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]


def _phrase(runs: list[str]) -> list[str]:
    out: list[str] = []
    for run in runs:
        out.extend(_bigrams(run) if _IS_CJK.match(run) else [run])
    return out


def _parts(runs: list[str]) -> list[str]:
    out: set[str] = set()
    for run in runs:
        if _IS_CJK.match(run):
            out.update(run)
        else:
            out.update(run[i:] for i in range(1, min(len(run) - TAIL_MIN, TAIL_STARTS) + 1))
    return sorted(out)


def tokens(text: str) -> list[str]:
    """The phrase part: CJK bigrams (a lone character as itself) and Latin/digit words, in text order."""
    return _phrase(_runs(text))


def parts(text: str) -> list[str]:
    """The parts part: each CJK character and each Latin/digit tail of two or more characters, once, sorted."""
    return _parts(_runs(text))


def document(row: dict) -> str:
    runs = _runs(" ".join(str(row.get(c) or "") for c in INDEXED_COLUMNS))
    return " ".join(_phrase(runs) + _parts(runs))


def match_expression(query: str) -> str | None:
    """The FTS5 MATCH expression for what the user typed, or None when nothing searchable is left. Every run of
    the query must match: one CJK character as a token of its own, two or more as a phrase of bigrams, a
    Latin/digit run as a prefix (of a word or of a word's tail)."""
    out: list[str] = []
    for run in _runs(query):
        if not _IS_CJK.match(run):
            out.append(f'"{run}"*')
        elif len(run) == 1:
            out.append(f'"{run}"')
        else:
            out.append('"' + " ".join(_bigrams(run)) + '"')
    return " AND ".join(out) if out else None


def _row_sql(where: str) -> str:
    return f"SELECT id, {', '.join(INDEXED_COLUMNS)} FROM complaints WHERE {where}"


def index_complaints(db: Database, ids: list[int] | set[int]) -> None:
    """Refresh the index rows of these complaints (inside the caller's transaction)."""
    conn = db.conn
    for cid in ids:
        r = conn.execute(_row_sql("id = ?"), (cid,)).fetchone()
        conn.execute("DELETE FROM complaint_search WHERE rowid = ?", (cid,))
        if r is not None:
            conn.execute("INSERT INTO complaint_search(rowid, tokens) VALUES (?, ?)", (cid, document(dict(r))))


def fill(db: Database, *, chunk: int = 5_000) -> int:
    """Index every complaint into an empty index, in id order and in chunks (a migration's rebuild), then merge
    the index into one segment so the first searches read no more than they must. Returns the count."""
    conn, last, done = db.conn, 0, 0
    while True:
        rows = conn.execute(_row_sql("id > ?") + " ORDER BY id LIMIT ?", (last, chunk)).fetchall()
        if not rows:
            break
        conn.executemany("INSERT INTO complaint_search(rowid, tokens) VALUES (?, ?)",
                         [(r["id"], document(dict(r))) for r in rows])
        last, done = rows[-1]["id"], done + len(rows)
    conn.execute("INSERT INTO complaint_search(complaint_search) VALUES ('optimize')")
    return done


@dataclass(frozen=True)
class Snippet:
    """Where the search matched a complaint: the field and the text around the match."""

    field: str
    before: str
    hit: str
    after: str


SNIPPET_FIELDS = ("description", "request", "product_name", "strength", "batch_no", "number", "complainant_name",
                  "complainant_org", "contact_person")


def _folded_map(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the original character it came from."""
    folded = fold(text)
    if len(folded) == len(text):
        return folded, list(range(len(text)))
    out, where = [], []
    for i, ch in enumerate(text):
        f = fold(ch)
        out.append(f)
        where.extend([i] * len(f))
    return "".join(out), where


def snippet(row: dict, query: str, *, width: int = 20) -> Snippet | None:
    """The first place in the complaint's texts where a run of the query occurs (folded as the index is), with up
    to ``width`` characters either side; None when the query has no searchable run or none occurs."""
    runs = sorted(set(_runs(query)), key=len, reverse=True)
    for field in SNIPPET_FIELDS:
        text = str(row.get(field) or "")
        if not text:
            continue
        folded, where = _folded_map(text)
        for run in runs:
            at = folded.find(run)
            if at < 0:
                continue
            start, end = where[at], where[at + len(run) - 1] + 1
            lo, hi = max(0, start - width), min(len(text), end + width)
            return Snippet(field, ("…" if lo else "") + text[lo:start], text[start:end],
                           text[end:hi] + ("…" if hi < len(text) else ""))
    return None
