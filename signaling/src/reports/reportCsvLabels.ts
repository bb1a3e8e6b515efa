import type { ReportCsvLanguage } from '@classroom/shared';

export interface ReportCsvLabels {
  lesson: string[];
  attendance: string[];
  quiz: string[];
  quality: string[];
  /** A judged yes/no cell (answer correct, classroom removed); blank means there was nothing to judge. */
  yes: string;
  no: string;
  /** How a classroom took the question: live, or later on a replay of the recording. */
  live: string;
  replay: string;
}

/**
 * report.csv's header rows, one set per language. The English ones are column names for scripts
 * and stay as they were; the Chinese ones follow the report page's words (web/src/i18n/zh-CN.ts).
 * The first column of each section names the section, so a reader can split the file by it.
 */
export const REPORT_CSV_LABELS: Record<ReportCsvLanguage, ReportCsvLabels> = {
  en: {
    lesson: ['lesson', 'title', 'phase', 'ended_by', 'created_at', 'generated_at'],
    attendance: ['attendance_classroom', 'removed', 'first_joined_at', 'last_left_at', 'present_minutes', 'projector_minutes', 'projector_connections'],
    quiz: ['question', 'prompt', 'kind', 'answer_mode', 'classroom', 'answer', 'present', 'correct', 'correct_pupils', 'taken', 'replayed_at'],
    quality: ['quality_classroom', 'samples', 'avg_rtt_ms', 'avg_loss_percent', 'avg_bitrate_kbps', 'avg_frame_height'],
    yes: 'yes',
    no: 'no',
    live: 'live',
    replay: 'replay',
  },
  'zh-CN': {
    lesson: ['课程', '标题', '状态', '结束方式', '创建时间', '统计时间'],
    attendance: ['出勤·教室', '已移出', '首次加入', '最后离开', '在线时长（分钟）', '投影端连接时长（分钟）', '投影端连接次数'],
    quiz: ['题号', '题目', '题型', '作答方式', '教室', '答案', '到场人数', '是否正确', '答对人数', '参与方式', '回放时间'],
    quality: ['网络质量·教室', '上报次数', '平均往返延迟（毫秒）', '平均丢包率（%）', '平均接收码率（kbps）', '平均画面高度（像素）'],
    yes: '是',
    no: '否',
    live: '直播',
    replay: '回放',
  },
};
