/**
 * A burden report typed as a teacher would, each answer with what the bot asks next: an APP answering
 * task pushed onto teachers (厅发〔2020〕3号 第15条: no APP voting, likes or quizzes assigned to teachers),
 * organised by a county department that is not the education bureau (a case never goes to the bureau it
 * accuses: one organised by 县教育局 goes to the city).
 */
export const BURDEN_ANSWERS: ReadonlyArray<readonly [string, RegExp]> = [
  ['反映', /属于哪一类/],
  ['2', /事项名称/],
  ['防溺水知识网络答题', /牵头实施的单位/],
  ['县应急管理局', /哪天开展/],
  ['2026-11-02', /在哪里开展/],
  ['本校', /涉及哪些范围/],
  ['全校教师', /主要内容/],
  ['要求每位教师下载APP答题并截图上报', /开展形式/],
  ['线上答题', /是否经过审批/],
  ['3', /证据/],
  ['跳过', /匿名还是实名/],
];
