"""Realistic, bilingual material for the demo generator: products, people, organisations and complaint
texts per defect type. Data only; the demo module decides what happens to it."""

from __future__ import annotations

PRODUCTS = [
    # name, strength, package form, unit, nature hint (drug/device)
    ("阿莫西林胶囊", "0.25g", "铝塑泡罩 24粒/盒", "盒", "drug"),
    ("头孢克肟片", "100mg", "铝塑泡罩 6片/盒", "盒", "drug"),
    ("布洛芬缓释胶囊", "0.3g", "塑料瓶 20粒/瓶", "瓶", "drug"),
    ("盐酸二甲双胍片", "0.5g", "铝塑泡罩 48片/盒", "盒", "drug"),
    ("注射用头孢曲松钠", "1.0g", "西林瓶 10瓶/盒", "瓶", "drug"),
    ("氯化钠注射液", "0.9% 250ml", "塑料输液袋", "袋", "drug"),
    ("复方甘草口服溶液", "100ml", "棕色玻璃瓶", "瓶", "drug"),
    ("维生素C泡腾片", "1g", "铝管 10片/管", "管", "drug"),
    ("Metformin Hydrochloride Tablets", "850mg", "HDPE bottle of 100", "bottle", "drug"),
    ("一次性使用无菌注射器", "5ml", "纸塑包装 1支/袋", "支", "device"),
    ("医用外科口罩", "17.5cm×9.5cm", "10只/袋", "袋", "device"),
    ("血糖试纸", "50条/盒", "铝箔筒", "盒", "device"),
]

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "艳", "勇", "杰", "娟", "涛", "明", "超", "秀英", "桂英",
         "建华", "志强", "海燕", "晓东"]
EN_NAMES = ["John Smith", "Maria Garcia", "Ahmed Hassan", "Anna Müller", "Kenji Sato", "Olivia Brown"]
HOSPITALS = ["市第一人民医院药剂科", "省中医院门诊药房", "仁和大药房（中山路店）", "社区卫生服务中心", "协和医院静配中心",
             "益丰大药房连锁有限公司"]
DISTRIBUTORS = ["华东医药股份有限公司", "国药控股分销中心", "九州通医药集团", "Pacific Pharma Distribution Ltd."]
REGULATORS = ["市市场监督管理局", "省药品监督管理局", "12315 消费者投诉转办"]
PLACES = ["市第一人民医院药房", "仁和大药房", "京东大药房（网购）", "社区卫生服务中心", "医院住院部", "Online pharmacy"]
CITIES = ["杭州市西湖区文三路 88 号", "上海市浦东新区张江路 500 号", "南京市鼓楼区中山北路 12 号", "成都市武侯区人民南路 4 段",
          "广州市天河区体育西路 101 号"]

# defect type -> (nature, category, Chinese texts, English texts)
COMPLAINTS: dict[str, tuple[str, str, list[str], list[str]]] = {
    "wrong_product": ("quality", "safety", ["盒内药板与外盒标签品名不一致，外盒为{p}，药板为其他品种。"],
                      ["The blister inside does not match the carton label of {p}."]),
    "sterile_microbial": ("quality", "safety", ["{p}使用后患者出现寒战高热，同批未用样品可见絮状物，怀疑微生物污染。"],
                          ["Patients had chills and fever after {p}; unused vials of the batch show floccules."]),
    "mixup_containers": ("quality", "safety", ["同一包装箱内混有两种不同产品，其中一瓶标签为{p}但内容物颜色不同。"],
                         ["One shipping case held two different products; a bottle labelled {p} looks different."]),
    "counterfeit_serious": ("counterfeit", "safety", ["患者购买的{p}包装印刷粗糙、防伪码查询无效，服用后出现严重不适。"],
                            ["Packaging of {p} is crudely printed, the anti-counterfeit code is invalid; the patient fell ill."]),
    "wrong_strength_serious": ("quality", "safety", ["{p}标示规格与实际不符，患者按标示剂量服用后出现过量反应。"],
                               ["{p} contained a different strength than labelled; the patient had an overdose reaction."]),
    "chemical_serious": ("quality", "safety", ["{p}有明显刺激性异味，患者使用后出现呼吸困难。"],
                         ["{p} had a strong chemical smell; the patient had difficulty breathing after use."]),
    "wrong_active_combination": ("quality", "safety", ["{p}检验发现其中一种活性成分与处方不符。"],
                                 ["Testing of {p} found one active ingredient that is not in the formula."]),
    "mixup_one_container": ("quality", "quality_defect", ["同一瓶{p}中混有外观不同的药片。"],
                            ["One bottle of {p} held tablets of two different appearances."]),
    "closure_serious": ("quality", "safety", ["{p}输液袋接口密封不严，输液时漏液并污染。"],
                        ["The port of a {p} bag leaked during the infusion."]),
    "fill_nonconforming": ("quality", "quality_defect", ["{p}合并使用时装量明显不足。"],
                           ["The fill of {p} was visibly short when used together."]),
    "unlabelled_unit": ("quality", "packaging", ["{p}中发现一瓶无标签产品。"], ["One unlabelled unit found among {p}."]),
    "label_error": ("quality", "packaging", ["{p}外盒标签规格印错，标示与实际装量不符。"],
                    ["The carton label of {p} shows the wrong strength."]),
    "leaflet_error": ("quality", "packaging", ["{p}说明书缺少儿童用法用量一项。"], ["The leaflet of {p} lacks the paediatric dose."]),
    "chem_phys_contamination": ("quality", "quality_defect", ["{p}瓶内发现玻璃碎屑样异物。", "打开{p}发现胶囊破损，内有黑色异物。"],
                                ["Glass-like particles found in a container of {p}."]),
    "out_of_specification": ("quality", "quality_defect", ["客户复检{p}含量偏低，低于标准下限。"],
                             ["The customer's retest found the assay of {p} below specification."]),
    "suspected_counterfeit": ("counterfeit", "safety", ["网购的{p}批号在我司记录中查不到，怀疑假药。"],
                              ["The batch number of {p} bought online is not in our records; suspected counterfeit."]),
    "packaging_defect": ("quality", "packaging", ["{p}小盒上未打印批号和有效期。", "{p}外包装批号模糊不清，无法辨认。"],
                         ["No batch number or expiry printed on the carton of {p}."]),
    "closure_broken": ("quality", "quality_defect", ["{p}瓶盖密封不严，运输后有渗漏。", "收到的{p}有两瓶破损。"],
                       ["Bottles of {p} leaked after transport: the caps were loose."]),
    "contamination_minor": ("quality", "quality_defect", ["{p}药片表面有黑点。", "{p}内可见少量不溶性微粒。"],
                            ["Black specks on the tablets of {p}."]),
    "missing_blister": ("quality", "packaging", ["{p}一盒内少一板药。", "{p}药板上缺一片。"], ["One blister missing from a carton of {p}."]),
    "missing_print": ("quality", "packaging", ["{p}药板背面部分打印信息缺失。"], ["Printed text partly missing on the foil of {p}."]),
    "secondary_packaging": ("quality", "packaging", ["{p}外箱破损、受潮，小盒有污渍。"], ["The outer case of {p} arrived crushed and damp."]),
    "minor_print_error": ("quality", "packaging", ["{p}小盒上有轻微印刷错位。"], ["Slight print misregistration on the carton of {p}."]),
    "minor_device_defect": ("quality", "performance", ["{p}个别针头护套难以取下。", "{p}个别产品耳带脱落。"],
                            ["An occasional unit of {p} has a needle cap that is hard to remove."]),
    "no_defect": ("quality", "other", ["多剂量{p}开启后发现微粒，经调查来自使用环境。", "反映{p}口感较苦，询问是否正常。"],
                  ["Particles in an opened multi-dose {p}: traced to the use environment."]),
}

ADVERSE = [("服药后出现皮疹、瘙痒。", "Rash and itching after taking it."), ("用药后头晕、恶心。", "Dizziness and nausea."),
           ("输液过程中出现寒战。", "Chills during the infusion.")]

SERVICE = [("物流配送延误一周，客服电话无人接听。", "Delivery a week late and the hotline did not answer."),
           ("发票开具错误，多次联系未解决。", "The invoice was wrong and repeated calls did not fix it.")]

REQUESTS = [("要求退货并赔偿。", "Asks for a refund."), ("要求更换同批次产品。", "Asks for an exchange."),
            ("希望给出书面解释。", "Asks for a written explanation."), ("要求检测并告知结果。", "Asks for a test and the result.")]

ROOT_CAUSES = {
    "man": "操作人员未按SOP进行清场确认", "machine": "包装机压合温度波动导致封口不严",
    "material": "供应商铝箔批次存在针孔", "method": "中间产品检验取样方法不具代表性",
    "environment": "仓库温湿度超限", "measurement": "在线称重设备校准过期",
}
CAPA_TEXTS = [("修订清场SOP并培训", "生产部"), ("更换封口温控模块并验证", "设备部"), ("增加供应商来料检验项目", "质量控制部"),
              ("完善温湿度监控报警", "仓储部"), ("校准在线称重设备并纳入计划", "计量室")]
REPLIES = ["经调查，该批产品生产及检验记录均符合要求，问题系运输破损所致，已为您更换。",
           "经调查确认为产品缺陷，已采取纠正预防措施，并为您办理退货。",
           "经调查，产品质量符合标准，所述情况与储存使用条件有关，已向您说明正确的储存方法。",
           "We investigated the batch; the records and retained samples conform. Thank you for telling us."]
