<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>QObject</name>
    <message>
        <source>&lt;h3&gt;VAE Studio %1&lt;/h3&gt;&lt;p&gt;Train a variational autoencoder and explore its latent space.&lt;/p&gt;&lt;p&gt;Free software: GNU General Public License, version 3 or later (GPL-3.0-or-later).&lt;/p&gt;&lt;p&gt;Qt %2 (built with %3)&lt;br&gt;LibTorch %4&lt;br&gt;QCustomPlot %5&lt;/p&gt;&lt;p&gt;&lt;b&gt;This machine&lt;/b&gt;&lt;/p&gt;&lt;table&gt;%6&lt;/table&gt;</source>
        <translation>&lt;h3&gt;VAE Studio %1&lt;/h3&gt;&lt;p&gt;训练变分自编码器（VAE）并探索其潜在空间。&lt;/p&gt;&lt;p&gt;自由软件：GNU 通用公共许可证第 3 版或更高版本（GPL-3.0-or-later）。&lt;/p&gt;&lt;p&gt;Qt %2（编译时为 %3）&lt;br&gt;LibTorch %4&lt;br&gt;QCustomPlot %5&lt;/p&gt;&lt;p&gt;&lt;b&gt;本机&lt;/b&gt;&lt;/p&gt;&lt;table&gt;%6&lt;/table&gt;</translation>
    </message>
    <message>
        <source>About VAE Studio</source>
        <translation>关于 VAE Studio</translation>
    </message>
    <message>
        <source>VAE Studio checkpoints (*.vaestudio);;All files (*)</source>
        <translation>VAE Studio 检查点 (*.vaestudio);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open Checkpoint</source>
        <translation>打开检查点</translation>
    </message>
    <message>
        <source>run</source>
        <translation>run</translation>
    </message>
    <message>
        <source>Save Checkpoint</source>
        <translation>保存检查点</translation>
    </message>
    <message>
        <source>Watch Run</source>
        <translation>监视运行</translation>
    </message>
    <message>
        <source>Watch</source>
        <translation>监视</translation>
    </message>
    <message>
        <source>Open Newer Autosave?</source>
        <translation>打开较新的自动保存？</translation>
    </message>
    <message>
        <source>%1 has an autosave that is newer than the file itself.</source>
        <translation>%1 有一个比文件本身更新的自动保存。</translation>
    </message>
    <message>
        <source>VAE Studio probably stopped after its last save. Open the autosave (%1) to continue from there, or the saved file?</source>
        <translation>VAE Studio 可能在上次保存后意外退出。要打开自动保存（%1）从那里继续，还是打开已保存的文件？</translation>
    </message>
    <message>
        <source>Open Autosave</source>
        <translation>打开自动保存</translation>
    </message>
    <message>
        <source>Open Saved File</source>
        <translation>打开已保存的文件</translation>
    </message>
    <message>
        <source>Restore Unsaved Run?</source>
        <translation>恢复未保存的运行？</translation>
    </message>
    <message>
        <source>A training run from an earlier session was not saved.</source>
        <translation>先前会话中的一次训练运行未保存。</translation>
    </message>
    <message>
        <source>%1 training runs from earlier sessions were not saved.</source>
        <translation>先前会话中有 %1 次训练运行未保存。</translation>
    </message>
    <message>
        <source>It was autosaved %1. Restore it, or discard it for good?</source>
        <translation>它已于 %1 自动保存。要恢复它，还是永久丢弃？</translation>
    </message>
    <message>
        <source>Restore the newest (autosaved %1), or discard them all for good?</source>
        <translation>恢复最新的一次（自动保存于 %1），还是全部永久丢弃？</translation>
    </message>
    <message>
        <source>Restore</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Discard</source>
        <translation>丢弃</translation>
    </message>
    <message>
        <source>Discarding loses the training since the last save.</source>
        <translation>丢弃将失去上次保存以来的训练。</translation>
    </message>
    <message>
        <source>Discarding loses the trained model: it was never saved.</source>
        <translation>丢弃将失去训练好的模型：它从未保存过。</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Discard</source>
        <translation>丢弃(&amp;D)</translation>
    </message>
    <message>
        <source>Save the Run?</source>
        <translation>保存此次运行？</translation>
    </message>
    <message>
        <source>The trained model has not been saved.</source>
        <translation>训练好的模型尚未保存。</translation>
    </message>
    <message>
        <source>Save it before closing? %1</source>
        <translation>关闭前保存吗？%1</translation>
    </message>
    <message>
        <source>The trained model has not been saved. Save it first? %1</source>
        <translation>训练好的模型尚未保存。先保存吗？%1</translation>
    </message>
    <message>
        <source>Train More Epochs?</source>
        <translation>继续训练更多轮次？</translation>
    </message>
    <message>
        <source>This run has trained its one epoch.</source>
        <translation>此次运行已训练完它的 1 个轮次。</translation>
    </message>
    <message>
        <source>This run has trained all its %1 epochs.</source>
        <translation>此次运行已训练完全部 %1 个轮次。</translation>
    </message>
    <message>
        <source>
How many more epochs should it train?</source>
        <translation>
还要再训练多少个轮次？</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Add Runs to Compare</source>
        <translation>添加要比较的运行</translation>
    </message>
</context>
<context>
    <name>TrainingSetup</name>
    <message>
        <source>It needs %1, but %2 is loaded. Load %1 (or open the checkpoint again) to continue.</source>
        <translation>它需要 %1，但当前加载的是 %2。请加载 %1（或重新打开检查点）以继续。</translation>
    </message>
</context>
<context>
    <name>vae</name>
    <message>
        <source>Fashion-MNIST</source>
        <translation>Fashion-MNIST</translation>
    </message>
    <message>
        <source>Shapes</source>
        <translation>几何形状</translation>
    </message>
    <message>
        <source>CIFAR-10 (%1)</source>
        <translation>CIFAR-10（%1）</translation>
    </message>
    <message>
        <source>%1 columns: split, index, mu_0…mu_%2, logvar_0…logvar_%2, label</source>
        <translation>%1 列：split、index、mu_0…mu_%2、logvar_0…logvar_%2、label</translation>
    </message>
    <message>
        <source>A CSV of the posterior mean μ and log-variance of every image of the %1 split of %2 (loaded when exporting), one row per image; %3.</source>
        <translation>一个 CSV 文件，包含 %2 的 %1 划分中每张图像的后验均值 μ 和对数方差（导出时加载），每张图像一行；%3。</translation>
    </message>
    <message>
        <source>A CSV of the posterior mean μ and log-variance of every image of the %1 split: %2 rows (one per image) of %3.</source>
        <translation>一个 CSV 文件，包含 %1 划分中每张图像的后验均值 μ 和对数方差：%2 行（每张图像一行），%3。</translation>
    </message>
    <message>
        <source>A PyTorch state_dict (torch.load reads it, no VAE Studio needed) of %1 tensors, %2 parameters%3; beside it %4 describes the architecture with a Python class that loads it.</source>
        <translation>一个 PyTorch state_dict（torch.load 即可读取，无需 VAE Studio），含 %1 个张量、%2 个参数%3；旁边的 %4 用一个能加载它的 Python 类描述网络结构。</translation>
    </message>
    <message>
        <source>, named like the PyTorch example (fc1, fc21, fc22, fc3, fc4)</source>
        <translation>，命名与 PyTorch 示例一致（fc1、fc21、fc22、fc3、fc4）</translation>
    </message>
    <message>
        <source>The stored presets cannot be read: %1</source>
        <translation>无法读取已存储的预设：%1</translation>
    </message>
    <message>
        <source>, plus the current z as “%1”</source>
        <translation>，另加当前的 z，名为“%1”</translation>
    </message>
    <message>
        <source>A JSON file of the %1 saved slider presets%2; Explore → Presets → Import reads it back.</source>
        <translation>一个 JSON 文件，含 %1 个已保存的滑块预设%2；可通过 探索 → 预设 → 导入 读回。</translation>
    </message>
    <message>
        <source>A CSV of %1 rows, one per training step (step, epoch, total, recon, kl, beta, lr, test), in nats per image; the held-out −ELBO of each of the %2 epochs sits on its last step.</source>
        <translation>一个 %1 行的 CSV 文件，每个训练步一行（step、epoch、total、recon、kl、beta、lr、test），单位为每张图像的奈特（nats）；%2 个轮次各自的留出集 −ELBO 位于该轮次的最后一步。</translation>
    </message>
    <message>
        <source>The loss plot as the Training tab draws it (%1 steps, %2 test points, %3 markers): a 1200×700 PNG, or a vector PDF.</source>
        <translation>与“训练”标签页所绘相同的损失曲线图（%1 步、%2 个测试点、%3 个标记）：1200×700 的 PNG，或矢量 PDF。</translation>
    </message>
    <message>
        <source>CIFAR-100 (%1)</source>
        <translation>CIFAR-100（%1）</translation>
    </message>
    <message>
        <source>%1 (centre crop)</source>
        <translation>%1（中心裁剪）</translation>
    </message>
    <message>
        <source>no usable images: its one image file was skipped; %1</source>
        <translation>没有可用的图像：唯一的图像文件被跳过；%1</translation>
    </message>
    <message>
        <source>no usable images: all %1 image files were skipped; %2</source>
        <translation>没有可用的图像：全部 %1 个图像文件均被跳过；%2</translation>
    </message>
    <message>
        <source>skipped %1 of %2 files in %3: %4</source>
        <translation>已跳过 %3 中 %2 个文件里的 %1 个：%4</translation>
    </message>
    <message>
        <source>ignored %1 images directly in %2: beside class folders only the images inside them count (torchvision&apos;s ImageFolder rule)</source>
        <translation>忽略了直接位于 %2 中的 %1 张图像：存在类别文件夹时，只计入其中的图像（torchvision 的 ImageFolder 规则）</translation>
    </message>
    <message>
        <source>cannot decode image: %1</source>
        <translation>无法解码图像：%1</translation>
    </message>
    <message>
        <source>first: %1: %2</source>
        <translation>第一个：%1：%2</translation>
    </message>
    <message>
        <source>cannot decode image: %1x%2 pixels exceed Qt&apos;s image allocation limit of %3 MB (environment variable QT_IMAGEIO_MAXALLOC)</source>
        <translation>无法解码图像：%1×%2 像素超出 Qt 的图像分配上限 %3 MB（环境变量 QT_IMAGEIO_MAXALLOC）</translation>
    </message>
    <message>
        <source>cannot open: %1</source>
        <translation>无法打开：%1</translation>
    </message>
    <message>
        <source>empty file</source>
        <translation>空文件</translation>
    </message>
    <message>
        <source>cannot convert image (out of memory?)</source>
        <translation>无法转换图像（内存不足？）</translation>
    </message>
    <message>
        <source>%1 columns: split, index, mu_0…mu_%2 (the code z), label</source>
        <translation>%1 列：split、index、mu_0…mu_%2（编码 z）、label</translation>
    </message>
    <message>
        <source>A CSV of the autoencoder&apos;s code z of every image of the %1 split of %2 (loaded when exporting), one row per image; %3.</source>
        <translation>一个 CSV 文件，包含 %2 的 %1 划分（导出时加载）中每张图像的自编码器编码 z，每张图像一行；%3。</translation>
    </message>
    <message>
        <source>A CSV of the autoencoder&apos;s code z of every image of the %1 split: %2 rows (one per image) of %3.</source>
        <translation>一个 CSV 文件，包含 %1 划分中每张图像的自编码器编码 z：%2 行（每张图像一行），%3。</translation>
    </message>
    <message>
        <source>A CSV of the mutual information between each latent dimension (rows) and each generative factor (columns) on the test images, in nats, then the factors&apos; entropies, their gaps and the MIG; or the heatmap as a PNG. Only for runs on shapes, whose images have known factors.</source>
        <translation>一个 CSV：测试图像上每个潜在维度（行）与每个生成因子（列）之间的互信息，单位为奈特，随后是各因子的熵、间隙和 MIG；或以 PNG 保存的热图。仅适用于在 shapes 上训练的运行，其图像的生成因子已知。</translation>
    </message>
</context>
<context>
    <name>vae::AboutBox</name>
    <message>
        <source>CPU</source>
        <translation>处理器</translation>
    </message>
    <message>
        <source>Instruction sets</source>
        <translation>指令集</translation>
    </message>
    <message>
        <source>BLAS</source>
        <translation>BLAS</translation>
    </message>
    <message>
        <source>BLAS kernel</source>
        <translation>BLAS 内核</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>GEMM check</source>
        <translation>GEMM 校验</translation>
    </message>
    <message>
        <source>LibTorch</source>
        <translation>LibTorch</translation>
    </message>
    <message>
        <source>oneDNN</source>
        <translation>oneDNN</translation>
    </message>
</context>
<context>
    <name>vae::ClassPicker</name>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>The class every view decodes z as: a conditional VAE is told the class, z holds the style</source>
        <translation>每个视图将 z 解码为此类别：条件 VAE 被告知类别，z 保存风格</translation>
    </message>
    <message>
        <source>The same z as every class  ·  click one to pick it</source>
        <translation>同一个 z 解码为每个类别  ·  点击其中一个即可选中</translation>
    </message>
    <message>
        <source>z decoded as each class: the style held, the class changed</source>
        <translation>z 解码为每个类别：风格不变，类别改变</translation>
    </message>
    <message>
        <source>%1 · click to decode every view as this class</source>
        <translation>%1 · 单击以该类别解码所有视图</translation>
    </message>
</context>
<context>
    <name>vae::CompareCurves</name>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>test loss (nats per image)</source>
        <translation>测试损失（每张图像的奈特数）</translation>
    </message>
    <message>
        <source>%1 — reconstruction</source>
        <translation>%1 — 重构</translation>
    </message>
    <message>
        <source>%1 — −ELBO</source>
        <translation>%1 — −ELBO</translation>
    </message>
</context>
<context>
    <name>vae::ComparePanel</name>
    <message>
        <source>Curves and Scores</source>
        <translation>曲线与得分</translation>
    </message>
    <message>
        <source>Pictures</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>Latent Sliders</source>
        <translation>潜在滑块</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Latent</source>
        <translation>潜在维度</translation>
    </message>
    <message>
        <source>Recon</source>
        <translation>重构</translation>
    </message>
    <message>
        <source>KL</source>
        <translation>KL</translation>
    </message>
    <message>
        <source>−ELBO</source>
        <translation>−ELBO</translation>
    </message>
    <message>
        <source>Active units</source>
        <translation>活跃单元</translation>
    </message>
    <message>
        <source>Aggregate KL</source>
        <translation>聚合 KL</translation>
    </message>
    <message>
        <source>Test reconstruction loss, nats per image</source>
        <translation>测试重构损失，每张图像的奈特数</translation>
    </message>
    <message>
        <source>KL(q(z|x) ‖ N(0, I)) on the test images, nats per image</source>
        <translation>测试图像上的 KL(q(z|x) ‖ N(0, I))，每张图像的奈特数</translation>
    </message>
    <message>
        <source>Test −ELBO (reconstruction + KL), nats per image; a plain autoencoder has none</source>
        <translation>测试 −ELBO（重构 + KL），每张图像的奈特数；普通自编码器没有此项</translation>
    </message>
    <message>
        <source>How far the test codes as a whole are from the prior N(0, I), nats: 0 means they fill it</source>
        <translation>测试编码整体与先验 N(0, I) 的距离（奈特）：0 表示编码填满了先验</translation>
    </message>
    <message>
        <source>Prior samples</source>
        <translation>先验样本</translation>
    </message>
    <message>
        <source>Decoded grid over z0 and z1</source>
        <translation>z0 与 z1 上的解码网格</translation>
    </message>
    <message>
        <source>Test codes over z0 and z1</source>
        <translation>z0 与 z1 上的测试编码</translation>
    </message>
    <message>
        <source>Interpolation between two test images</source>
        <translation>两张测试图像之间的插值</translation>
    </message>
    <message>
        <source>Show:</source>
        <translation>显示：</translation>
    </message>
    <message>
        <source>Could Not Add Run</source>
        <translation>无法添加运行</translation>
    </message>
    <message>
        <source>%1 could not be added to the comparison.</source>
        <translation>无法将 %1 添加到比较中。</translation>
    </message>
    <message>
        <source>The runs could not be scored: %1</source>
        <translation>无法为这些运行评分：%1</translation>
    </message>
    <message>
        <source>The picture could not be made: %1</source>
        <translation>无法生成图片：%1</translation>
    </message>
    <message>
        <source>live run</source>
        <translation>当前运行</translation>
    </message>
    <message>
        <source>The window&apos;s run is not compared: the comparison already holds %1 runs</source>
        <translation>窗口的运行未参与比较：比较中已有 %1 个运行</translation>
    </message>
    <message>
        <source>Too Many Runs</source>
        <translation>运行过多</translation>
    </message>
    <message>
        <source>%1 was not added: the comparison holds at most %2 runs.</source>
        <translation>未添加 %1：比较最多容纳 %2 个运行。</translation>
    </message>
    <message>
        <source>Remove a run first.</source>
        <translation>请先移除一个运行。</translation>
    </message>
    <message>
        <source>Added %1 to the comparison</source>
        <translation>已将 %1 添加到比较中</translation>
    </message>
    <message>
        <source>Add a saved run to compare: File → Add Run to Compare…, Add Run… above, or drop .vaestudio files on this tab.</source>
        <translation>添加一个已保存的运行进行比较：文件 → 添加运行以比较…、上方的“添加运行…”，或将 .vaestudio 文件拖放到此标签页。</translation>
    </message>
    <message>
        <source>autoencoder</source>
        <translation>自编码器</translation>
    </message>
    <message>
        <source>VAE</source>
        <translation>VAE</translation>
    </message>
    <message>
        <source>%1 · %2-d latent · epoch %3</source>
        <translation>%1 · %2 维潜在空间 · 第 %3 轮</translation>
    </message>
    <message>
        <source> · the window&apos;s run</source>
        <translation> · 窗口的运行</translation>
    </message>
    <message>
        <source>The comparison holds at most %1 runs: remove one first</source>
        <translation>比较最多容纳 %1 个运行：请先移除一个</translation>
    </message>
    <message>
        <source>Scored on the same test images (%1); nats per image.</source>
        <translation>在相同的测试图像（%1 张）上评分；单位为每张图像的奈特数。</translation>
    </message>
    <message>
        <source>%1 does not follow the sliders: its latent space has %2 dimensions, the sliders %3.</source>
        <translation>%1 不跟随滑块：其潜在空间有 %2 个维度，滑块有 %3 个。</translation>
    </message>
    <message>
        <source>reading %1</source>
        <translation>正在读取 %1</translation>
    </message>
    <message>
        <source>scoring the runs on the test images</source>
        <translation>正在测试图像上为运行评分</translation>
    </message>
    <message>
        <source>drawing the pictures</source>
        <translation>正在绘制图片</translation>
    </message>
    <message>
        <source>Working: %1…</source>
        <translation>处理中：%1…</translation>
    </message>
    <message>
        <source>, </source>
        <translation>，</translation>
    </message>
    <message>
        <source>%1 (%2-d)</source>
        <translation>%1（%2 维）</translation>
    </message>
    <message>
        <source>Beside each slider: the KL per dimension of %1 (nats).</source>
        <translation>每个滑块旁：%1 每个维度的 KL（奈特）。</translation>
    </message>
    <message>
        <source>Beside each slider: the code sd per dimension of %1 (an autoencoder has no KL).</source>
        <translation>每个滑块旁：%1 每个维度编码的标准差（自编码器没有 KL）。</translation>
    </message>
    <message>
        <source>No run has as many dimensions as the sliders.</source>
        <translation>没有哪个运行的维度数与滑块相同。</translation>
    </message>
    <message>
        <source>MIG</source>
        <translation>MIG</translation>
    </message>
    <message>
        <source>Mutual information gap (0 to 1) of the test codes: high when each generative factor lives in one dimension of its own; only for data with known factors (shapes)</source>
        <translation>测试编码的互信息间隙（0 到 1）：每个生成因子各自只落在一个维度上时较高；仅适用于生成因子已知的数据（shapes）</translation>
    </message>
    <message>
        <source>Active by the rule %1, on all %2 test images</source>
        <translation>按规则 %1 判定为活跃，基于全部 %2 张测试图像</translation>
    </message>
    <message>
        <source>conditional VAE</source>
        <translation>条件 VAE</translation>
    </message>
</context>
<context>
    <name>vae::CompareRunList</name>
    <message>
        <source>No runs yet: train a model or open a checkpoint, then add saved runs to compare with it.</source>
        <translation>还没有运行：请先训练模型或打开检查点，再添加已保存的运行与之比较。</translation>
    </message>
    <message>
        <source>Add Run…</source>
        <translation>添加运行…</translation>
    </message>
    <message>
        <source>Add a saved run (.vaestudio) to the comparison; dropping files here does too</source>
        <translation>将已保存的运行（.vaestudio）添加到比较中；也可将文件拖放到此处</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Take %1 out of the comparison</source>
        <translation>将 %1 移出比较</translation>
    </message>
    <message>
        <source>The window&apos;s own run is compared while it is open</source>
        <translation>窗口自身的运行在打开期间始终参与比较</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; — %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; — %2</translation>
    </message>
</context>
<context>
    <name>vae::DatasetPanel</name>
    <message>
        <source>◀ Previous</source>
        <translation>◀ 上一页</translation>
    </message>
    <message>
        <source>Previous page (Page Up)</source>
        <translation>上一页 (Page Up)</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>下一页 ▶</translation>
    </message>
    <message>
        <source>Next page (Page Down)</source>
        <translation>下一页 (Page Down)</translation>
    </message>
    <message>
        <source>Training images  (click an image to see its number and label)</source>
        <translation>训练图像（点击图像可查看其编号和标签）</translation>
    </message>
    <message>
        <source>No dataset loaded.
Use File → Open Dataset… or File → Built-in Datasets.</source>
        <translation>未加载数据集。
请使用 文件 → 打开数据集… 或 文件 → 内置数据集。</translation>
    </message>
    <message>
        <source>No images</source>
        <translation>没有图像</translation>
    </message>
    <message>
        <source>Page %1 of %2  ·  images %3–%4 of %5</source>
        <translation>第 %1 / %2 页  ·  图像 %3–%4，共 %5 张</translation>
    </message>
    <message>
        <source>Encode in Explorer</source>
        <translation>在探索页中编码</translation>
    </message>
    <message>
        <source>Encode in Explorer (train or open a model first)</source>
        <translation>在探索页中编码（请先训练或打开模型）</translation>
    </message>
    <message>
        <source>Warning: %1</source>
        <translation>警告：%1</translation>
    </message>
</context>
<context>
    <name>vae::DatasetSummary</name>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Training images:</source>
        <translation>训练图像：</translation>
    </message>
    <message>
        <source>Test images:</source>
        <translation>测试图像：</translation>
    </message>
    <message>
        <source>Image size:</source>
        <translation>图像尺寸：</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Classes (training images)</source>
        <translation>类别（训练图像）</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>%1 × %2 × %3 (%4)</source>
        <translation>%1 × %2 × %3（%4）</translation>
    </message>
    <message>
        <source>gray</source>
        <translation>灰度</translation>
    </message>
    <message>
        <source>RGB</source>
        <translation>RGB</translation>
    </message>
    <message>
        <source>(unlabelled)</source>
        <translation>（无标签）</translation>
    </message>
    <message>
        <source>%1 (image folder)</source>
        <translation>%1（图像文件夹）</translation>
    </message>
</context>
<context>
    <name>vae::ExplorePanel</name>
    <message>
        <source>Latent code z  ·  drag a slider, the image follows</source>
        <translation>潜在编码 z  ·  拖动滑块，图像随之变化</translation>
    </message>
    <message>
        <source>No model yet.
Train or open a checkpoint.</source>
        <translation>还没有模型。
请训练或打开一个检查点。</translation>
    </message>
    <message>
        <source>Decoded image</source>
        <translation>解码图像</translation>
    </message>
    <message>
        <source>Encode your own image: File → Encode Image… (Ctrl+E) or drop it on the window</source>
        <translation>编码你自己的图像：文件 → 编码图像…（Ctrl+E），或将图像拖放到窗口上</translation>
    </message>
    <message>
        <source>Right-click to use this code as an interpolation endpoint</source>
        <translation>右键单击，将此编码用作插值端点</translation>
    </message>
    <message>
        <source>Traversal: click a slider to pick its dimension</source>
        <translation>遍历：点击滑块以选择其维度</translation>
    </message>
    <message>
        <source>The selected dimension swept across its range, every other dimension held at z</source>
        <translation>所选维度在其范围内扫过，其他维度保持为 z</translation>
    </message>
    <message>
        <source>Latent plane  ·  decoded grid and test codes over the same two axes</source>
        <translation>潜在平面  ·  在相同两个轴上的解码网格与测试编码</translation>
    </message>
    <message>
        <source>%1 (μ loaded into the sliders)</source>
        <translation>%1（μ 已载入滑块）</translation>
    </message>
    <message>
        <source>Live weights of the training run, step %1</source>
        <translation>训练运行的实时权重，第 %1 步</translation>
    </message>
    <message>
        <source>Weights of the opened checkpoint, step %1</source>
        <translation>已打开检查点的权重，第 %1 步</translation>
    </message>
    <message>
        <source>Traversal of z%1 from %2 to %3  ·  click a slider to pick another dimension</source>
        <translation>z%1 从 %2 到 %3 的遍历  ·  点击滑块以选择另一个维度</translation>
    </message>
    <message>
        <source>Saved codes…</source>
        <translation>已保存的编码…</translation>
    </message>
    <message>
        <source>Presets: choose a saved z to load it into the sliders</source>
        <translation>预设：选择一个已保存的 z，将其载入滑块</translation>
    </message>
    <message>
        <source>Save z as…</source>
        <translation>将 z 另存为…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>More</source>
        <translation>更多</translation>
    </message>
    <message>
        <source>Import or export presets as a JSON file</source>
        <translation>以 JSON 文件导入或导出预设</translation>
    </message>
    <message>
        <source>Import Presets…</source>
        <translation>导入预设…</translation>
    </message>
    <message>
        <source>Export Presets…</source>
        <translation>导出预设…</translation>
    </message>
    <message>
        <source>Stored presets could not be read: %1</source>
        <translation>无法读取已存储的预设：%1</translation>
    </message>
    <message>
        <source>Could Not Save Presets</source>
        <translation>无法保存预设</translation>
    </message>
    <message>
        <source>Saved with %1 latent dimensions; this model has %2</source>
        <translation>保存时有 %1 个潜在维度；此模型有 %2 个</translation>
    </message>
    <message>
        <source>Could Not Import Presets</source>
        <translation>无法导入预设</translation>
    </message>
    <message>
        <source>Could Not Export Presets</source>
        <translation>无法导出预设</translation>
    </message>
    <message>
        <source>Save z as Preset</source>
        <translation>将 z 保存为预设</translation>
    </message>
    <message>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <source>Preset %1</source>
        <translation>预设 %1</translation>
    </message>
    <message>
        <source>Import Presets</source>
        <translation>导入预设</translation>
    </message>
    <message>
        <source>Export Presets</source>
        <translation>导出预设</translation>
    </message>
    <message>
        <source>Train a model or open a checkpoint first</source>
        <translation>请先训练模型或打开检查点</translation>
    </message>
    <message>
        <source>The encoder gave %1 values for %2 sliders</source>
        <translation>编码器为 %2 个滑块给出了 %1 个值</translation>
    </message>
    <message>
        <source>Encoded: %1 (μ loaded into the sliders)</source>
        <translation>已编码：%1（μ 已载入滑块）</translation>
    </message>
    <message>
        <source>Use as Interpolation A</source>
        <translation>用作插值起点 A</translation>
    </message>
    <message>
        <source>Use as Interpolation B</source>
        <translation>用作插值终点 B</translation>
    </message>
    <message>
        <source>Interpolation between two codes A and B</source>
        <translation>两个编码 A 与 B 之间的插值</translation>
    </message>
    <message>
        <source>Set A = z</source>
        <translation>设 A = z</translation>
    </message>
    <message>
        <source>Set B = z</source>
        <translation>设 B = z</translation>
    </message>
    <message>
        <source>Store the sliders&apos; current z as the start point A</source>
        <translation>将滑块当前的 z 存为起点 A</translation>
    </message>
    <message>
        <source>Store the sliders&apos; current z as the end point B</source>
        <translation>将滑块当前的 z 存为终点 B</translation>
    </message>
    <message>
        <source>Linear</source>
        <translation>线性</translation>
    </message>
    <message>
        <source>Spherical</source>
        <translation>球面</translation>
    </message>
    <message>
        <source>Spherical (slerp) keeps the norm of z near that of A and B, where most of the prior&apos;s mass lies; linear cuts through the low-norm middle</source>
        <translation>球面插值（slerp）使 z 的范数保持在 A 和 B 附近，即先验分布的大部分质量所在之处；线性插值则穿过范数较低的中间区域</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Load the frames into the sliders one after another, A to B and back</source>
        <translation>将各帧依次载入滑块，从 A 到 B 再返回</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>步数：</translation>
    </message>
    <message>
        <source>Set A and B from the sliders, or right-click a test point
or the encoded image, to see the path between them</source>
        <translation>从滑块设置 A 和 B，或右键单击一个测试点
或编码图像，即可查看两者之间的路径</translation>
    </message>
    <message>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>Playing the interpolation from A to B (the sliders follow it)</source>
        <translation>正在播放从 A 到 B 的插值（滑块随之变化）</translation>
    </message>
    <message>
        <source>VAE Studio presets (*.json);;All files (*)</source>
        <translation>VAE Studio 预设 (*.json);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>vae::ExportDialog</name>
    <message>
        <source>Image</source>
        <translation>图像</translation>
    </message>
    <message>
        <source>Latent Grid</source>
        <translation>潜在网格</translation>
    </message>
    <message>
        <source>Prior Samples</source>
        <translation>先验采样</translation>
    </message>
    <message>
        <source>Traversal</source>
        <translation>遍历</translation>
    </message>
    <message>
        <source>Interpolation</source>
        <translation>插值</translation>
    </message>
    <message>
        <source>Training GIF</source>
        <translation>训练过程 GIF</translation>
    </message>
    <message>
        <source>Loss History (CSV)</source>
        <translation>损失历史（CSV）</translation>
    </message>
    <message>
        <source>Latent Codes (CSV)</source>
        <translation>潜在编码（CSV）</translation>
    </message>
    <message>
        <source>Loss Plot</source>
        <translation>损失曲线图</translation>
    </message>
    <message>
        <source>PyTorch Weights</source>
        <translation>PyTorch 权重</translation>
    </message>
    <message>
        <source>Slider Presets</source>
        <translation>滑块预设</translation>
    </message>
    <message>
        <source>Export %1</source>
        <translation>导出%1</translation>
    </message>
    <message>
        <source>Save as:</source>
        <translation>另存为：</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Export cancelled; nothing was written.</source>
        <translation>导出已取消；未写入任何内容。</translation>
    </message>
    <message>
        <source>empty: all zeros (the prior mean)</source>
        <translation>留空：全为零（先验均值）</translation>
    </message>
    <message>
        <source>The latent code, one number per dimension, as the Explore sliders have it</source>
        <translation>潜在编码，每个维度一个数，与探索页滑块中的相同</translation>
    </message>
    <message>
        <source>z:</source>
        <translation>z：</translation>
    </message>
    <message>
        <source>Base z:</source>
        <translation>基准 z：</translation>
    </message>
    <message>
        <source>empty: the two dims of highest KL</source>
        <translation>留空：KL 最大的两个维度</translation>
    </message>
    <message>
        <source>Two dimensions across and up (&quot;3,5&quot;), &quot;pca&quot; for PC1 and PC2 of the test codes, or empty for the two dimensions of highest KL</source>
        <translation>横向和纵向两个维度（&quot;3,5&quot;），&quot;pca&quot; 表示测试编码的 PC1 和 PC2，留空则取 KL 最大的两个维度</translation>
    </message>
    <message>
        <source>Axes:</source>
        <translation>坐标轴：</translation>
    </message>
    <message>
        <source>Cells per side:</source>
        <translation>每边格数：</translation>
    </message>
    <message>
        <source>A square of n × n images decoded from z ~ N(0, I)</source>
        <translation>由 z ~ N(0, I) 解码得到的 n × n 图像方阵</translation>
    </message>
    <message>
        <source>Samples per side:</source>
        <translation>每边样本数：</translation>
    </message>
    <message>
        <source>The same seed gives the same samples (as vae-studio sample --seed)</source>
        <translation>相同的种子给出相同的样本（与 vae-studio sample --seed 一致）</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>e.g. z3, z5 · empty: every dimension, largest KL first</source>
        <translation>例如 z3, z5 · 留空：所有维度，KL 最大者优先</translation>
    </message>
    <message>
        <source>The latent dimensions to sweep, by index as on the sliders (z0, z1, …), comma-separated</source>
        <translation>要扫过的潜在维度，按滑块上的序号（z0、z1、…），以逗号分隔</translation>
    </message>
    <message>
        <source>Sweep dimensions:</source>
        <translation>扫描维度：</translation>
    </message>
    <message>
        <source>Half-width in prior σ: values run from −span to +span around z</source>
        <translation>以先验 σ 为单位的半宽：取值在 z 周围从 −span 到 +span</translation>
    </message>
    <message>
        <source>Span (±σ):</source>
        <translation>范围（±σ）：</translation>
    </message>
    <message>
        <source>Steps:</source>
        <translation>步数：</translation>
    </message>
    <message>
        <source>A code (numbers), a test image (test:N) or training image (train:N), or PRESETS.json:NAME</source>
        <translation>一个编码（数字）、一张测试图像（test:N）或训练图像（train:N），或 PRESETS.json:NAME</translation>
    </message>
    <message>
        <source>From (A):</source>
        <translation>起点（A）：</translation>
    </message>
    <message>
        <source>To (B):</source>
        <translation>终点（B）：</translation>
    </message>
    <message>
        <source>Spherical (slerp)</source>
        <translation>球面（slerp）</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试集</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练集</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Images:</source>
        <translation>图像：</translation>
    </message>
    <message>
        <source>Include the sliders&apos; z as</source>
        <translation>包含滑块的 z，名为</translation>
    </message>
    <message>
        <source>name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Every model pixel becomes scale × scale pixels (nearest neighbour)</source>
        <translation>模型的每个像素变为 scale × scale 个像素（最近邻）</translation>
    </message>
    <message>
        <source>Scale:</source>
        <translation>缩放：</translation>
    </message>
    <message>
        <source>Labels (axis values, captions)</source>
        <translation>标签（坐标值、说明文字）</translation>
    </message>
    <message>
        <source>Frames per second:</source>
        <translation>每秒帧数：</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>%1 file (*.%2)</source>
        <translation>%1 文件 (*.%2)</translation>
    </message>
    <message>
        <source>z: &apos;%1&apos; is not a number</source>
        <translation>z：“%1”不是数字</translation>
    </message>
    <message>
        <source>z has %1 values, the model&apos;s latent space has %2</source>
        <translation>z 有 %1 个值，而模型的潜在空间有 %2 维</translation>
    </message>
    <message>
        <source>dimensions: &apos;%1&apos; is not a number</source>
        <translation>维度：“%1”不是数字</translation>
    </message>
    <message>
        <source>the preset needs a name</source>
        <translation>预设需要一个名称</translation>
    </message>
    <message>
        <source>Rendering…</source>
        <translation>正在渲染…</translation>
    </message>
    <message>
        <source>%1 × %2 px</source>
        <translation>%1 × %2 像素</translation>
    </message>
    <message numerus="yes">
        <source> · %n frames (the first shown)</source>
        <translation>
            <numerusform> · %n 帧（显示第一帧）</numerusform>
        </translation>
    </message>
    <message>
        <source> · shown at %1%</source>
        <translation> · 以 %1% 显示</translation>
    </message>
    <message>
        <source>Cannot export: %1</source>
        <translation>无法导出：%1</translation>
    </message>
    <message>
        <source>choose a file to export to</source>
        <translation>请选择要导出到的文件</translation>
    </message>
    <message>
        <source>Exporting %1…</source>
        <translation>正在导出 %1…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
    <message>
        <source>Could not export: %1</source>
        <translation>无法导出：%1</translation>
    </message>
    <message>
        <source>Export Failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>The file could not be exported.</source>
        <translation>无法导出该文件。</translation>
    </message>
    <message>
        <source>Mutual Information (CSV)</source>
        <translation>互信息（CSV）</translation>
    </message>
    <message>
        <source>Class Grid</source>
        <translation>类别网格</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>类别 %1</translation>
    </message>
    <message>
        <source>The class the conditional VAE decodes with (vae-studio export --class N)</source>
        <translation>条件 VAE 解码所用的类别（与 vae-studio export --class N 一致）</translation>
    </message>
    <message>
        <source>Class:</source>
        <translation>类别：</translation>
    </message>
    <message>
        <source>Each column is one z decoded as every class: the style held, the class changed</source>
        <translation>每一列是同一个 z 按每个类别解码：风格不变，类别改变</translation>
    </message>
    <message>
        <source>Columns:</source>
        <translation>列：</translation>
    </message>
    <message>
        <source>e.g. z3 · empty: the dimension of highest KL</source>
        <translation>例如 z3 · 留空：KL 最大的维度</translation>
    </message>
    <message>
        <source>The latent dimension the columns sweep, by index as on the sliders (z0, z1, …)</source>
        <translation>各列扫过的潜在维度，按滑块上的序号（z0、z1、…）</translation>
    </message>
    <message>
        <source>Sweep dimension:</source>
        <translation>扫描维度：</translation>
    </message>
    <message>
        <source>The same seed gives the same columns (as vae-studio export --random --seed)</source>
        <translation>相同的种子给出相同的列（与 vae-studio export --random --seed 一致）</translation>
    </message>
    <message>
        <source>the class grid sweeps one dimension, not %1</source>
        <translation>类别网格只扫描一个维度，而不是 %1 个</translation>
    </message>
    <message>
        <source>Classes in turn, row by row</source>
        <translation>逐行轮流使用各类别</translation>
    </message>
    <message>
        <source>A step along one dimension of z</source>
        <translation>沿 z 的一个维度的一步</translation>
    </message>
    <message>
        <source>A random z ~ N(0, I)</source>
        <translation>一个随机 z ~ N(0, I)</translation>
    </message>
    <message>
        <source>Each column:</source>
        <translation>每一列：</translation>
    </message>
    <message>
        <source>How many columns: the steps of the sweep, or the random z</source>
        <translation>列数：扫描的步数，或随机 z 的个数</translation>
    </message>
    <message>
        <source>dimension: &apos;%1&apos; is not a number</source>
        <translation>维度：“%1”不是数字</translation>
    </message>
</context>
<context>
    <name>vae::ExportMenu</name>
    <message>
        <source>Export %1 of the current model (also: vae-studio export --what %2)</source>
        <translation>导出当前模型的%1（也可用：vae-studio export --what %2）</translation>
    </message>
    <message>
        <source>Cannot Export</source>
        <translation>无法导出</translation>
    </message>
    <message>
        <source>There is no model to export yet.</source>
        <translation>还没有可导出的模型。</translation>
    </message>
    <message>
        <source>Train a model or open a checkpoint first</source>
        <translation>请先训练模型或打开检查点</translation>
    </message>
    <message>
        <source>Preparing the export…</source>
        <translation>正在准备导出…</translation>
    </message>
    <message>
        <source>Nothing to export yet: train a model or open a checkpoint first</source>
        <translation>尚无可导出的内容：请先训练模型或打开检查点</translation>
    </message>
    <message>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <source>Export cancelled</source>
        <translation>导出已取消</translation>
    </message>
    <message>
        <source>Only a conditional VAE (kind cvae) has classes to put in rows</source>
        <translation>只有条件 VAE（类型 cvae）才有可以排成行的类别</translation>
    </message>
</context>
<context>
    <name>vae::Exporter</name>
    <message>
        <source>value %1</source>
        <translation>取值 %1</translation>
    </message>
    <message>
        <source>value of the dimension (other dims held at z)</source>
        <translation>该维度的取值（其他维度保持为 z）</translation>
    </message>
    <message>
        <source>epoch %1</source>
        <translation>第 %1 轮</translation>
    </message>
    <message>
        <source>class %1</source>
        <translation>类别 %1</translation>
    </message>
    <message>
        <source>random z (seed %1), the same in every row</source>
        <translation>随机 z（种子 %1），每行相同</translation>
    </message>
    <message>
        <source>z%1 (other dims held at z), the same in every row</source>
        <translation>z%1（其他维度保持为 z），每行相同</translation>
    </message>
</context>
<context>
    <name>vae::HelpDialog</name>
    <message>
        <source>VAE Studio Help</source>
        <translation>VAE Studio 帮助</translation>
    </message>
</context>
<context>
    <name>vae::ImageEncoder</name>
    <message>
        <source>training image %1</source>
        <translation>训练图像 %1</translation>
    </message>
    <message>
        <source>training image %1 (%2)</source>
        <translation>训练图像 %1（%2）</translation>
    </message>
    <message>
        <source>Train a model or open a checkpoint first</source>
        <translation>请先训练模型或打开检查点</translation>
    </message>
    <message>
        <source>%1: encoding needs a model to map the image into its latent space</source>
        <translation>%1：编码需要一个模型，才能将图像映射到其潜在空间</translation>
    </message>
    <message>
        <source>The image could not be read</source>
        <translation>无法读取该图像</translation>
    </message>
    <message>
        <source>The image could not be encoded</source>
        <translation>无法编码该图像</translation>
    </message>
    <message>
        <source>Encode Image</source>
        <translation>编码图像</translation>
    </message>
    <message>
        <source>Images (%1);;All files (*)</source>
        <translation>图像 (%1);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>vae::ImageGridView</name>
    <message>
        <source>Image %1</source>
        <translation>图像 %1</translation>
    </message>
    <message>
        <source>Image %1: %2</source>
        <translation>图像 %1：%2</translation>
    </message>
</context>
<context>
    <name>vae::KlBars</name>
    <message>
        <source>KL per dimension · no data yet</source>
        <translation>各维度的 KL · 尚无数据</translation>
    </message>
    <message>
        <source>KL per dimension · %1 of %2 active · total %3 nats</source>
        <translation>各维度的 KL · %2 个中 %1 个活跃 · 合计 %3 奈特</translation>
    </message>
    <message>
        <source>Posterior collapse: the decoder ignores z (active units %1, KL %2 nats) — try a lower β or KL warm-up</source>
        <translation>后验坍塌：解码器忽略了 z（活跃单元 %1，KL %2 奈特）——请尝试更小的 β 或 KL 预热</translation>
    </message>
    <message>
        <source>Starts with the first training step</source>
        <translation>从第一个训练步开始</translation>
    </message>
    <message>
        <source>latent dimension (sorted by KL, grey: inactive)</source>
        <translation>潜在维度（按 KL 排序，灰色：不活跃）</translation>
    </message>
    <message>
        <source>latent dimension (grey: inactive)</source>
        <translation>潜在维度（灰色：不活跃）</translation>
    </message>
    <message>
        <source>dimension %1: %2 nats</source>
        <translation>维度 %1：%2 奈特</translation>
    </message>
    <message>
        <source>dimension %1: %2 nats (inactive: the decoder ignores it)</source>
        <translation>维度 %1：%2 奈特（不活跃：解码器忽略它）</translation>
    </message>
    <message>
        <source>No data yet</source>
        <translation>尚无数据</translation>
    </message>
    <message>
        <source>KL · %1 of %2 active · %3 nats</source>
        <translation>KL · %2 个中 %1 个活跃 · %3 奈特</translation>
    </message>
    <message>
        <source>%1/%2 active · %3 nats</source>
        <translation>%1/%2 活跃 · %3 奈特</translation>
    </message>
    <message>
        <source>No KL term (autoencoder) · code sd per dimension · %1 of %2 vary</source>
        <translation>无 KL 项（自编码器）· 每个维度的编码标准差 · %2 个中 %1 个有变化</translation>
    </message>
    <message>
        <source>No KL · code sd · %1 of %2 vary</source>
        <translation>无 KL · 编码标准差 · %2 个中 %1 个有变化</translation>
    </message>
    <message>
        <source>latent dimension (sorted by code sd, grey: codes barely vary)</source>
        <translation>潜在维度（按编码标准差排序，灰色：编码几乎不变）</translation>
    </message>
    <message>
        <source>latent dimension (grey: codes barely vary)</source>
        <translation>潜在维度（灰色：编码几乎不变）</translation>
    </message>
    <message>
        <source>dimension %1: codes spread with sd %2%3</source>
        <translation>维度 %1：编码的标准差为 %2%3</translation>
    </message>
    <message>
        <source> (barely varies: the decoder gets a constant)</source>
        <translation>（几乎不变：解码器得到的是常数）</translation>
    </message>
    <message>
        <source>No KL · %1/%2 vary</source>
        <translation>无 KL · %1/%2 有变化</translation>
    </message>
    <message>
        <source>latent dimension</source>
        <translation>潜在维度</translation>
    </message>
</context>
<context>
    <name>vae::LatentGridView</name>
    <message>
        <source>No model yet — train or open a checkpoint</source>
        <translation>还没有模型——请训练或打开一个检查点</translation>
    </message>
</context>
<context>
    <name>vae::LatentPlanePanel</name>
    <message>
        <source>Wheel zooms, drag pans, click copies the cell&apos;s z to the sliders, double-click resets</source>
        <translation>滚轮缩放，拖动平移，单击将该格的 z 复制到滑块，双击复位</translation>
    </message>
    <message>
        <source>Load a dataset and train or open a model to see where its test images lie</source>
        <translation>加载数据集并训练或打开模型，即可看到其测试图像所在的位置</translation>
    </message>
    <message>
        <source>A latent dimension zN, or PCk: the k-th principal axis of the test set&apos;s codes</source>
        <translation>一个潜在维度 zN，或 PCk：测试集编码的第 k 个主轴</translation>
    </message>
    <message>
        <source>Grid cells per side</source>
        <translation>网格每边的格数</translation>
    </message>
    <message>
        <source>Horizontal:</source>
        <translation>横轴：</translation>
    </message>
    <message>
        <source>Vertical:</source>
        <translation>纵轴：</translation>
    </message>
    <message>
        <source>Cells:</source>
        <translation>格数：</translation>
    </message>
    <message>
        <source>Grid of decoded images</source>
        <translation>解码图像网格</translation>
    </message>
    <message>
        <source>Scatter of test codes</source>
        <translation>测试编码散点图</translation>
    </message>
    <message>
        <source>No scatter: %1</source>
        <translation>无散点图：%1</translation>
    </message>
    <message>
        <source>Codes (μ) of %1 test images, weights of step %2</source>
        <translation>%1 张测试图像的编码（μ），第 %2 步的权重</translation>
    </message>
    <message>
        <source>  ·  %1 of %2 dimensions active</source>
        <translation>  ·  %2 个维度中 %1 个活跃</translation>
    </message>
    <message>
        <source>The scatter and the PCA axes need the dataset the model was trained on (File → Open Dataset)</source>
        <translation>散点图和 PCA 轴需要模型训练时所用的数据集（文件 → 打开数据集）</translation>
    </message>
    <message>
        <source>Encoding the test images… %1 of %2</source>
        <translation>正在编码测试图像… %1 / %2</translation>
    </message>
    <message>
        <source>Encoding the test images…</source>
        <translation>正在编码测试图像…</translation>
    </message>
    <message>
        <source>No model yet</source>
        <translation>还没有模型</translation>
    </message>
    <message>
        <source>Principal axis %1 of the codes: variance %2</source>
        <translation>编码的第 %1 主轴：方差 %2</translation>
    </message>
    <message>
        <source>Load into Sliders</source>
        <translation>载入滑块</translation>
    </message>
    <message>
        <source>Use as Interpolation A</source>
        <translation>用作插值起点 A</translation>
    </message>
    <message>
        <source>Use as Interpolation B</source>
        <translation>用作插值终点 B</translation>
    </message>
    <message>
        <source>Test image %1</source>
        <translation>测试图像 %1</translation>
    </message>
    <message>
        <source>Test image %1 · %2</source>
        <translation>测试图像 %1 · %2</translation>
    </message>
    <message>
        <source>  ·  an autoencoder has no prior: the sliders&apos; range and this plane follow its codes (mean ± 3 sd)</source>
        <translation>  ·  自编码器没有先验：滑块范围和此平面按其编码的分布确定（均值 ± 3 个标准差）</translation>
    </message>
    <message>
        <source>  ·  %1 of %2 dimensions vary</source>
        <translation>  ·  %2 个维度中 %1 个有变化</translation>
    </message>
    <message>
        <source>Codes of %1 test images, weights of step %2</source>
        <translation>%1 张测试图像的编码，第 %2 步的权重</translation>
    </message>
</context>
<context>
    <name>vae::LatentScatter</name>
    <message>
        <source>Class %1</source>
        <translation>类别 %1</translation>
    </message>
    <message>
        <source>No encoded images yet</source>
        <translation>尚无已编码的图像</translation>
    </message>
</context>
<context>
    <name>vae::LatentSliders</name>
    <message>
        <source>Range ±</source>
        <translation>范围 ±</translation>
    </message>
    <message>
        <source> σ</source>
        <translation> σ</translation>
    </message>
    <message>
        <source>Half-width of every slider, in standard deviations of the N(0,1) prior</source>
        <translation>每个滑块的半宽，以 N(0,1) 先验的标准差为单位</translation>
    </message>
    <message>
        <source>Order by KL</source>
        <translation>按 KL 排序</translation>
    </message>
    <message>
        <source>Most informative dimensions (largest KL) first</source>
        <translation>信息量最大的维度（KL 最大）优先</translation>
    </message>
    <message>
        <source>Hide inactive</source>
        <translation>隐藏不活跃维度</translation>
    </message>
    <message>
        <source>Hide inactive dimensions (grey, almost no KL): the decoder ignores them</source>
        <translation>隐藏不活跃的维度（灰色，几乎没有 KL）：解码器会忽略它们</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Every dimension to 0, the prior mean</source>
        <translation>所有维度归零，即先验均值</translation>
    </message>
    <message>
        <source>Randomize</source>
        <translation>随机</translation>
    </message>
    <message>
        <source>Sample z from the prior N(0, 1)</source>
        <translation>从先验 N(0, 1) 中采样 z</translation>
    </message>
    <message>
        <source>z%1: arrows ±%2 σ, PageUp/PageDown ±%3 σ, Enter to type a value</source>
        <translation>z%1：方向键 ±%2 σ，PageUp/PageDown ±%3 σ，按 Enter 输入数值</translation>
    </message>
    <message>
        <source>z%1: no KL yet</source>
        <translation>z%1：尚无 KL</translation>
    </message>
    <message>
        <source>z%1: KL %2 nats (inactive: the decoder ignores it)</source>
        <translation>z%1：KL %2 奈特（不活跃：解码器忽略它）</translation>
    </message>
    <message>
        <source>z%1: KL %2 nats</source>
        <translation>z%1：KL %2 奈特</translation>
    </message>
    <message>
        <source>No model yet: the sliders appear with the first model</source>
        <translation>还没有模型：滑块会随第一个模型出现</translation>
    </message>
    <message numerus="yes">
        <source>%n dimension(s) · KL (nats) appears once the model has seen data</source>
        <translation>
            <numerusform>%n 个维度 · 模型见到数据后显示 KL（奈特）</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 dimensions · %2 active · KL (nats) per dimension at the right</source>
        <translation>%1 个维度 · %2 个活跃 · 右侧为各维度的 KL（奈特）</translation>
    </message>
    <message>
        <source>z%1: arrows ±%2, PageUp/PageDown ±%3 (code units), Enter to type a value</source>
        <translation>z%1：方向键 ±%2，PageUp/PageDown ±%3（编码单位），回车输入数值</translation>
    </message>
    <message>
        <source>Half-width of every slider in code units: an autoencoder has no prior, so it starts fitted to its codes (mean ± 3 sd)</source>
        <translation>每个滑块的半宽（编码单位）：自编码器没有先验，因此初始范围按其编码拟合（均值 ± 3 个标准差）</translation>
    </message>
    <message>
        <source>Order by spread</source>
        <translation>按离散程度排序</translation>
    </message>
    <message>
        <source>Dimensions whose codes vary most first</source>
        <translation>编码变化最大的维度排在前面</translation>
    </message>
    <message>
        <source>Hide dimensions whose codes barely vary (grey): the decoder gets a constant there</source>
        <translation>隐藏编码几乎不变的维度（灰色）：解码器在这些维度上得到的是常数</translation>
    </message>
    <message>
        <source>Every dimension to the mean of the codes</source>
        <translation>所有维度设为编码的均值</translation>
    </message>
    <message>
        <source>Draw each dimension from N(mean, sd²) of the codes: an autoencoder has no prior</source>
        <translation>每个维度从编码的 N(均值, 标准差²) 中抽样：自编码器没有先验</translation>
    </message>
    <message>
        <source>z%1: codes spread with sd %2 around %3 (barely varies)</source>
        <translation>z%1：编码以 %3 为中心，标准差 %2（几乎不变）</translation>
    </message>
    <message>
        <source>z%1: codes spread with sd %2 around %3</source>
        <translation>z%1：编码以 %3 为中心，标准差 %2</translation>
    </message>
    <message>
        <source>%1 dimensions · %2 vary · code sd at the right (no KL)</source>
        <translation>%1 个维度 · %2 个有变化 · 右侧为编码标准差（无 KL）</translation>
    </message>
</context>
<context>
    <name>vae::LikelihoodAction</name>
    <message>
        <source>Estimate Log-Likelihood…</source>
        <translation>估计对数似然…</translation>
    </message>
    <message>
        <source>Estimate −log p(x) of the model by importance sampling (also: vae-studio eval)</source>
        <translation>用重要性采样估计模型的 −log p(x)（命令行：vae-studio eval）</translation>
    </message>
    <message>
        <source>There is no model to estimate yet</source>
        <translation>还没有可以估计的模型</translation>
    </message>
    <message>
        <source>A plain autoencoder has no q(z|x), so it has no likelihood bound</source>
        <translation>普通自编码器没有 q(z|x)，因此没有似然界</translation>
    </message>
    <message>
        <source>Train a model or open a checkpoint first</source>
        <translation>请先训练模型或打开检查点</translation>
    </message>
    <message>
        <source>Taking a copy of the model…</source>
        <translation>正在复制模型…</translation>
    </message>
</context>
<context>
    <name>vae::LikelihoodDialog</name>
    <message>
        <source>Estimate Log-Likelihood</source>
        <translation>估计对数似然</translation>
    </message>
    <message>
        <source>The importance-weighted estimate of −log p(x) in nats per image (IWAE, Burda et al. 2016): lower is better. K = 1 is the ELBO; more samples tighten the bound and take longer. The model is a copy: training goes on meanwhile.</source>
        <translation>以重要性加权方法估计 −log p(x)，单位为每张图像的奈特数（IWAE，Burda 等，2016）：越低越好。K = 1 即为 ELBO；样本越多，界越紧，耗时也越长。估计使用模型的副本：训练可同时继续。</translation>
    </message>
    <message>
        <source>Importance samples K per image; the papers use 5000</source>
        <translation>每张图像的重要性样本数 K；论文中使用 5000</translation>
    </message>
    <message>
        <source>Test images</source>
        <translation>测试图像</translation>
    </message>
    <message>
        <source>Training images</source>
        <translation>训练图像</translation>
    </message>
    <message>
        <source>Samples K:</source>
        <translation>样本数 K：</translation>
    </message>
    <message>
        <source>Images:</source>
        <translation>图像：</translation>
    </message>
    <message>
        <source>Press Estimate to start.</source>
        <translation>按“估计”开始。</translation>
    </message>
    <message>
        <source>Estimate</source>
        <translation>估计</translation>
    </message>
    <message>
        <source>Cancel Estimate</source>
        <translation>取消估计</translation>
    </message>
    <message>
        <source>The estimate failed: %1</source>
        <translation>估计失败：%1</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Estimating with K = %1…</source>
        <translation>正在以 K = %1 进行估计…</translation>
    </message>
    <message>
        <source>%1 training images</source>
        <translation>%1 张训练图像</translation>
    </message>
    <message>
        <source>%1 test images</source>
        <translation>%1 张测试图像</translation>
    </message>
    <message>
        <source>−log p(x) ≈ %1 ± %2 nats per image
−ELBO %3 nats
IWAE, K = %4, %5, %6 s</source>
        <translation>−log p(x) ≈ %1 ± %2 奈特/图像
−ELBO %3 奈特
IWAE，K = %4，%5，%6 秒</translation>
    </message>
</context>
<context>
    <name>vae::LossPlot</name>
    <message>
        <source>Total (−ELBO)</source>
        <translation>总计（−ELBO）</translation>
    </message>
    <message>
        <source>Reconstruction</source>
        <translation>重构</translation>
    </message>
    <message>
        <source>KL</source>
        <translation>KL</translation>
    </message>
    <message>
        <source>−ELBO</source>
        <translation>−ELBO</translation>
    </message>
    <message>
        <source>β-weighted loss</source>
        <translation>β 加权损失</translation>
    </message>
    <message>
        <source>step</source>
        <translation>训练步</translation>
    </message>
    <message>
        <source>nats per image</source>
        <translation>每张图像的奈特数</translation>
    </message>
    <message>
        <source>%1 (raw)</source>
        <translation>%1（原始）</translation>
    </message>
    <message>
        <source>Test −ELBO (per epoch)</source>
        <translation>测试 −ELBO（每轮次）</translation>
    </message>
    <message>
        <source>Hover for values · drag or wheel to zoom</source>
        <translation>悬停查看数值 · 拖动或滚轮缩放</translation>
    </message>
    <message>
        <source>View held · double-click the plot to follow new data</source>
        <translation>视图已固定 · 双击图表以跟随新数据</translation>
    </message>
    <message>
        <source>step %1</source>
        <translation>第 %1 步</translation>
    </message>
    <message>
        <source>epoch %1</source>
        <translation>第 %1 轮</translation>
    </message>
    <message>
        <source>β-weighted %1</source>
        <translation>β 加权 %1</translation>
    </message>
    <message>
        <source>−ELBO %1</source>
        <translation>−ELBO %1</translation>
    </message>
    <message>
        <source>total %1</source>
        <translation>总计 %1</translation>
    </message>
    <message>
        <source>recon %1</source>
        <translation>重构 %1</translation>
    </message>
    <message>
        <source>KL %1</source>
        <translation>KL %1</translation>
    </message>
    <message>
        <source>test −ELBO %1</source>
        <translation>测试 −ELBO %1</translation>
    </message>
    <message>
        <source>Log scale</source>
        <translation>对数刻度</translation>
    </message>
    <message>
        <source>Logarithmic loss axis: shows the late, small improvements next to the large early drop</source>
        <translation>对数损失轴：在早期的大幅下降旁也能看到后期的微小改进</translation>
    </message>
    <message>
        <source>Smoothing</source>
        <translation>平滑</translation>
    </message>
    <message>
        <source>How much the bold lines average the raw steps, relative to the steps in view (left: raw data). The faint lines are always the raw data.</source>
        <translation>粗线对原始训练步的平均程度，相对于视图中的步数（最左：原始数据）。浅色线始终是原始数据。</translation>
    </message>
    <message>
        <source>Loss (reconstruction, no KL term)</source>
        <translation>损失（重构，无 KL 项）</translation>
    </message>
    <message>
        <source>Test reconstruction (per epoch)</source>
        <translation>测试重构（每轮）</translation>
    </message>
    <message>
        <source>recon %1 (no KL term)</source>
        <translation>重构 %1（无 KL 项）</translation>
    </message>
    <message>
        <source>test recon %1</source>
        <translation>测试重构 %1</translation>
    </message>
</context>
<context>
    <name>vae::MainMenus</name>
    <message>
        <source>E&amp;xport</source>
        <translation>导出(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About VAE Studio</source>
        <translation>关于 VAE Studio(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open Dataset…</source>
        <translation>打开数据集(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Built-in Datasets</source>
        <translation>内置数据集(&amp;B)</translation>
    </message>
    <message>
        <source>&amp;Fashion-MNIST</source>
        <translation>&amp;Fashion-MNIST</translation>
    </message>
    <message>
        <source>70,000 clothing images, 28×28 gray, 10 classes</source>
        <translation>70,000 张服饰图像，28×28 灰度，10 个类别</translation>
    </message>
    <message>
        <source>&amp;Shapes</source>
        <translation>几何形状(&amp;S)</translation>
    </message>
    <message>
        <source>Generated squares, ellipses and hearts with known factors, 28×28 gray</source>
        <translation>程序生成的正方形、椭圆和心形，生成因子已知，28×28 灰度</translation>
    </message>
    <message>
        <source>Open &amp;Checkpoint…</source>
        <translation>打开检查点(&amp;C)…</translation>
    </message>
    <message>
        <source>Open a saved run (.vaestudio) to look at it or continue training</source>
        <translation>打开已保存的运行（.vaestudio），以查看或继续训练</translation>
    </message>
    <message>
        <source>&amp;Recent Checkpoints</source>
        <translation>最近的检查点(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Watch Run…</source>
        <translation>监视运行(&amp;W)…</translation>
    </message>
    <message>
        <source>Follow a checkpoint that a headless or cluster run rewrites after every epoch</source>
        <translation>跟踪一个由无界面运行或集群运行在每个轮次后重写的检查点</translation>
    </message>
    <message>
        <source>Stop &amp;Watching</source>
        <translation>停止监视(&amp;W)</translation>
    </message>
    <message>
        <source>Stop following the run; its last version stays open, untitled</source>
        <translation>停止跟踪该运行；其最后的版本保持打开，未命名</translation>
    </message>
    <message>
        <source>&amp;Save Checkpoint</source>
        <translation>保存检查点(&amp;S)</translation>
    </message>
    <message>
        <source>Save the model, optimizer state and loss history</source>
        <translation>保存模型、优化器状态和损失历史</translation>
    </message>
    <message>
        <source>Save Checkpoint &amp;As…</source>
        <translation>检查点另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Encode Image…</source>
        <translation>编码图像(&amp;E)…</translation>
    </message>
    <message>
        <source>Map your own image into the latent space: its code goes into the Explore sliders</source>
        <translation>将你自己的图像映射到潜在空间：其编码会载入探索页的滑块</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Training</source>
        <translation>训练(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Start Training</source>
        <translation>开始训练(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;New Run</source>
        <translation>新建运行(&amp;N)</translation>
    </message>
    <message>
        <source>Train a new model with the settings on the left; the current run is kept only if saved</source>
        <translation>用左侧的设置训练一个新模型；当前运行仅在已保存时保留</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>End the run after the current batch; the model is kept and can be saved</source>
        <translation>在当前批次后结束运行；模型会保留，可以保存</translation>
    </message>
    <message>
        <source>Step &amp;One Batch</source>
        <translation>单步训练一个批次(&amp;O)</translation>
    </message>
    <message>
        <source>While paused: train on exactly one more batch</source>
        <translation>暂停时：再训练恰好一个批次</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Dataset Tab</source>
        <translation>数据集标签页(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Training Tab</source>
        <translation>训练标签页(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Explore Tab</source>
        <translation>探索标签页(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Previous Page</source>
        <translation>上一页(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Next Page</source>
        <translation>下一页(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Logarithmic Loss Axis</source>
        <translation>对数损失轴(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Follow Loss Curves</source>
        <translation>跟随损失曲线(&amp;F)</translation>
    </message>
    <message>
        <source>Undo zoom and pan of the loss plot (also: double-click it)</source>
        <translation>撤销损失曲线图的缩放和平移（也可双击图表）</translation>
    </message>
    <message>
        <source>&amp;Resume</source>
        <translation>继续(&amp;R)</translation>
    </message>
    <message>
        <source>Continue training</source>
        <translation>继续训练</translation>
    </message>
    <message>
        <source>&amp;Pause</source>
        <translation>暂停(&amp;P)</translation>
    </message>
    <message>
        <source>Pause after the current batch</source>
        <translation>在当前批次后暂停</translation>
    </message>
    <message>
        <source>&amp;Continue Training</source>
        <translation>继续训练(&amp;C)</translation>
    </message>
    <message>
        <source>Stop watching to continue this run here</source>
        <translation>停止监视，以便在此处继续此次运行</translation>
    </message>
    <message>
        <source>Continue this run for the epochs set on the left</source>
        <translation>按左侧设定的轮次继续此次运行</translation>
    </message>
    <message>
        <source>Train a new model with the settings on the left</source>
        <translation>用左侧的设置训练一个新模型</translation>
    </message>
    <message>
        <source>&amp;Clear List</source>
        <translation>清除列表(&amp;C)</translation>
    </message>
    <message>
        <source>VAE Studio &amp;Help</source>
        <translation>VAE Studio 帮助(&amp;H)</translation>
    </message>
    <message>
        <source>How to use the window, datasets, the command line and export (the README, offline)</source>
        <translation>如何使用窗口、数据集、命令行和导出（README，离线）</translation>
    </message>
    <message>
        <source>Open an IDX or NumPy file, a CIFAR-10 or CIFAR-100 folder or a folder of images</source>
        <translation>打开 IDX 或 NumPy 文件、CIFAR-10 或 CIFAR-100 文件夹，或图像文件夹</translation>
    </message>
    <message>
        <source>Add Run to Co&amp;mpare…</source>
        <translation>添加运行以比较(&amp;M)…</translation>
    </message>
    <message>
        <source>Compare saved runs (.vaestudio) with this one in the Compare tab</source>
        <translation>在“比较”标签页中将已保存的运行（.vaestudio）与当前运行比较</translation>
    </message>
    <message>
        <source>&amp;Compare Tab</source>
        <translation>比较标签页(&amp;C)</translation>
    </message>
    <message>
        <source>Ne&amp;xt Tab</source>
        <translation>下一个标签页(&amp;X)</translation>
    </message>
    <message>
        <source>Pre&amp;vious Tab</source>
        <translation>上一个标签页(&amp;V)</translation>
    </message>
    <message>
        <source>Training Toolbar</source>
        <translation>训练工具栏</translation>
    </message>
</context>
<context>
    <name>vae::MainWindow</name>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Could Not Save Image</source>
        <translation>无法保存图像</translation>
    </message>
    <message>
        <source>The image could not be saved.</source>
        <translation>无法保存该图像。</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Explore</source>
        <translation>探索</translation>
    </message>
    <message>
        <source>Loading %1…</source>
        <translation>正在加载 %1…</translation>
    </message>
    <message>
        <source>Loading %1… (after %2)</source>
        <translation>正在加载 %1…（在 %2 之后）</translation>
    </message>
    <message>
        <source>Training image %1</source>
        <translation>训练图像 %1</translation>
    </message>
    <message>
        <source>Training image %1: %2</source>
        <translation>训练图像 %1：%2</translation>
    </message>
    <message>
        <source>  ·  right-click it to encode it in the Explorer</source>
        <translation>  ·  右键单击可在探索页中对其编码</translation>
    </message>
    <message>
        <source>Loading %1 ends the current run, which was trained on %2.</source>
        <translation>加载 %1 将结束当前运行，该运行是在 %2 上训练的。</translation>
    </message>
    <message>
        <source>Loaded %1: %2 training and %3 test images</source>
        <translation>已加载 %1：%2 张训练图像和 %3 张测试图像</translation>
    </message>
    <message>
        <source>Could not load the dataset.
Use File → Open Dataset… or a built-in dataset.</source>
        <translation>无法加载数据集。
请使用 文件 → 打开数据集… 或内置数据集。</translation>
    </message>
    <message>
        <source>Could Not Load Dataset</source>
        <translation>无法加载数据集</translation>
    </message>
    <message>
        <source>Could not load dataset</source>
        <translation>无法加载数据集</translation>
    </message>
    <message>
        <source>Encoded %1: its latent code is in the sliders</source>
        <translation>已编码 %1：其潜在编码已载入滑块</translation>
    </message>
    <message>
        <source>Could Not Encode Image</source>
        <translation>无法编码图像</translation>
    </message>
    <message>
        <source>%1 · warning: %2</source>
        <translation>%1 · 警告：%2</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>比较</translation>
    </message>
</context>
<context>
    <name>vae::ModelPanel</name>
    <message>
        <source>A tested starting point; editing any field below makes it Custom</source>
        <translation>经过测试的起点；修改下面任一字段即变为“自定义”</translation>
    </message>
    <message>
        <source>MLP (fully connected)</source>
        <translation>MLP（全连接）</translation>
    </message>
    <message>
        <source>Conv (convolutional)</source>
        <translation>Conv（卷积）</translation>
    </message>
    <message>
        <source>Conv needs image sides divisible by 4</source>
        <translation>Conv 要求图像边长能被 4 整除</translation>
    </message>
    <message>
        <source>Size of the code z each image is compressed to</source>
        <translation>每张图像被压缩成的编码 z 的大小</translation>
    </message>
    <message>
        <source>Width of the hidden layer between image and code</source>
        <translation>图像与编码之间隐藏层的宽度</translation>
    </message>
    <message>
        <source>Bernoulli (BCE)</source>
        <translation>伯努利（BCE）</translation>
    </message>
    <message>
        <source>Gaussian (MSE)</source>
        <translation>高斯（MSE）</translation>
    </message>
    <message>
        <source>How the reconstruction error is measured: binary cross-entropy suits
mostly black-and-white images, squared error photos</source>
        <translation>重构误差的度量方式：二元交叉熵适合
以黑白为主的图像，平方误差适合照片</translation>
    </message>
    <message>
        <source>Weight of the KL term: higher gives a smoother latent space, blurrier images.
Can be changed while training (press Enter).</source>
        <translation>KL 项的权重：越大潜在空间越平滑，图像越模糊。
可在训练期间修改（按 Enter）。</translation>
    </message>
    <message>
        <source>Constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <source>Warm-up (0 → β)</source>
        <translation>预热（0 → β）</translation>
    </message>
    <message>
        <source>Cyclical</source>
        <translation>周期性</translation>
    </message>
    <message>
        <source>How β changes over the steps; warm-up and cycles help against posterior collapse</source>
        <translation>β 随训练步的变化方式；预热和周期退火有助于防止后验坍塌</translation>
    </message>
    <message>
        <source> steps</source>
        <translation> 步</translation>
    </message>
    <message>
        <source>Steps over which β ramps linearly from 0</source>
        <translation>β 从 0 线性增长所经历的步数</translation>
    </message>
    <message>
        <source>Length of one annealing cycle</source>
        <translation>一个退火周期的长度</translation>
    </message>
    <message>
        <source>Adam step size (e.g. 0.001 or 1e-4). Can be changed while training (press Enter).</source>
        <translation>Adam 步长（例如 0.001 或 1e-4）。可在训练期间修改（按 Enter）。</translation>
    </message>
    <message>
        <source>Step decay</source>
        <translation>阶梯衰减</translation>
    </message>
    <message>
        <source>Cosine decay</source>
        <translation>余弦衰减</translation>
    </message>
    <message>
        <source>Images per optimisation step</source>
        <translation>每个优化步的图像数</translation>
    </message>
    <message>
        <source>Passes over the training set</source>
        <translation>遍历训练集的次数</translation>
    </message>
    <message>
        <source>Same seed and settings give the same run</source>
        <translation>相同的种子和设置得到相同的运行</translation>
    </message>
    <message>
        <source>fp32</source>
        <translation>fp32</translation>
    </message>
    <message>
        <source>bf16 (mixed)</source>
        <translation>bf16（混合精度）</translation>
    </message>
    <message>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>Number format of the matrix products. bf16 keeps fp32 weights, optimizer and loss,
and is faster on CPUs with AMX or AVX512-BF16. Auto times both when training
starts and takes bf16 only where it is at least 1.3x faster.</source>
        <translation>矩阵乘法的数值格式。bf16 仍以 fp32 保存权重、优化器和损失，
在支持 AMX 或 AVX512-BF16 的 CPU 上更快。“自动”会在训练开始时
对两者计时，仅当 bf16 至少快 1.3 倍时才采用。</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation>预设：</translation>
    </message>
    <message>
        <source>Architecture:</source>
        <translation>网络结构：</translation>
    </message>
    <message>
        <source>Latent dims:</source>
        <translation>潜在维度：</translation>
    </message>
    <message>
        <source>Hidden units:</source>
        <translation>隐藏单元：</translation>
    </message>
    <message>
        <source>Likelihood:</source>
        <translation>似然：</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>KL weight β:</source>
        <translation>KL 权重 β：</translation>
    </message>
    <message>
        <source>β schedule:</source>
        <translation>β 调度：</translation>
    </message>
    <message>
        <source>Warm-up:</source>
        <translation>预热：</translation>
    </message>
    <message>
        <source>Cycle:</source>
        <translation>周期：</translation>
    </message>
    <message>
        <source>Learning rate:</source>
        <translation>学习率：</translation>
    </message>
    <message>
        <source>LR schedule:</source>
        <translation>学习率调度：</translation>
    </message>
    <message>
        <source>Batch size:</source>
        <translation>批大小：</translation>
    </message>
    <message>
        <source>Epochs:</source>
        <translation>轮次：</translation>
    </message>
    <message>
        <source>Seed:</source>
        <translation>随机种子：</translation>
    </message>
    <message>
        <source>Precision:</source>
        <translation>精度：</translation>
    </message>
    <message>
        <source>Training: only β and the learning rate can change now.</source>
        <translation>训练中：现在只能修改 β 和学习率。</translation>
    </message>
    <message>
        <source>Classic MLP</source>
        <translation>经典 MLP</translation>
    </message>
    <message>
        <source>Conv</source>
        <translation>卷积</translation>
    </message>
    <message>
        <source>Autoencoder (no KL)</source>
        <translation>自编码器（无 KL）</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>VAE</source>
        <translation>VAE</translation>
    </message>
    <message>
        <source>Plain autoencoder</source>
        <translation>普通自编码器</translation>
    </message>
    <message>
        <source>Kind:</source>
        <translation>类型：</translation>
    </message>
    <message>
        <source>A plain autoencoder has no KL term, so β has no effect.</source>
        <translation>普通自编码器没有 KL 项，因此 β 不起作用。</translation>
    </message>
    <message>
        <source>Conditional VAE</source>
        <translation>条件 VAE</translation>
    </message>
    <message>
        <source>A VAE encodes each image to a distribution and a KL term keeps the codes near N(0, I);
a plain autoencoder encodes it to one code and is trained on reconstruction alone;
a conditional VAE also gives encoder and decoder the image&apos;s class (labelled datasets only)</source>
        <translation>VAE 把每张图像编码为一个分布，KL 项使编码保持在 N(0, I) 附近；
普通自编码器把图像编码为单个编码，只以重构进行训练；
条件 VAE 还把图像的类别交给编码器和解码器（仅限带标签的数据集）</translation>
    </message>
</context>
<context>
    <name>vae::MutualInfoHeatmap</name>
    <message>
        <source>Appears after the first epoch</source>
        <translation>第一个轮次结束后显示</translation>
    </message>
    <message>
        <source>Mutual information</source>
        <translation>互信息</translation>
    </message>
    <message>
        <source>Mutual information · MIG %1</source>
        <translation>互信息 · MIG %1</translation>
    </message>
    <message>
        <source>z%1 · %2: %3 nats</source>
        <translation>z%1 · %2：%3 奈特</translation>
    </message>
    <message>
        <source> (%1 % of its %2)</source>
        <translation>（占其 %2 的 %1 %）</translation>
    </message>
    <message>
        <source> · the dimension that carries it most</source>
        <translation> · 承载它最多的维度</translation>
    </message>
    <message>
        <source>Rows: latent dimensions; columns: generative factors; colour: mutual information in nats</source>
        <translation>行：潜在维度；列：生成因子；颜色：互信息（奈特）</translation>
    </message>
    <message>
        <source>nats</source>
        <translation>奈特</translation>
    </message>
</context>
<context>
    <name>vae::OpenDatasetDialog</name>
    <message>
        <source>Open Dataset</source>
        <translation>打开数据集</translation>
    </message>
    <message>
        <source>IDX images file (MNIST / Fashion-MNIST format)</source>
        <translation>IDX 图像文件（MNIST / Fashion-MNIST 格式）</translation>
    </message>
    <message>
        <source>CIFAR-10 binary folder (data_batch_*.bin)</source>
        <translation>CIFAR-10 二进制文件夹（data_batch_*.bin）</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>浏览…</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>Grayscale</source>
        <translation>灰度</translation>
    </message>
    <message>
        <source>RGB colour</source>
        <translation>RGB 彩色</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>类型(&amp;K)：</translation>
    </message>
    <message>
        <source>&amp;Location:</source>
        <translation>位置(&amp;L)：</translation>
    </message>
    <message>
        <source>&amp;Labels file:</source>
        <translation>标签文件(&amp;L)：</translation>
    </message>
    <message>
        <source>Image &amp;size:</source>
        <translation>图像尺寸(&amp;S)：</translation>
    </message>
    <message>
        <source>&amp;Colour:</source>
        <translation>颜色(&amp;C)：</translation>
    </message>
    <message>
        <source>IDX Images File</source>
        <translation>IDX 图像文件</translation>
    </message>
    <message>
        <source>IDX files (*-ubyte *-ubyte.gz *.idx *.idx3 *.gz);;All files (*)</source>
        <translation>IDX 文件 (*-ubyte *-ubyte.gz *.idx *.idx3 *.gz);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Dataset Folder</source>
        <translation>数据集文件夹</translation>
    </message>
    <message>
        <source>IDX Labels File</source>
        <translation>IDX 标签文件</translation>
    </message>
    <message>
        <source>IDX files (*-ubyte *-ubyte.gz *.idx *.idx1 *.gz);;All files (*)</source>
        <translation>IDX 文件 (*-ubyte *-ubyte.gz *.idx *.idx1 *.gz);;所有文件 (*)</translation>
    </message>
    <message>
        <source>train-images-idx3-ubyte.gz</source>
        <translation>train-images-idx3-ubyte.gz</translation>
    </message>
    <message>
        <source>folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>Image folder (class subfolders, train/ and test/, or just images)</source>
        <translation>图像文件夹（类别子文件夹、train/ 与 test/，或仅图像）</translation>
    </message>
    <message>
        <source>NumPy array (.npy: N×H×W or N×H×W×C)</source>
        <translation>NumPy 数组（.npy：N×H×W 或 N×H×W×C）</translation>
    </message>
    <message>
        <source>NumPy archive (.npz)</source>
        <translation>NumPy 归档（.npz）</translation>
    </message>
    <message>
        <source>CIFAR-100 binary folder (train.bin, test.bin)</source>
        <translation>CIFAR-100 二进制文件夹（train.bin、test.bin）</translation>
    </message>
    <message>
        <source>Images are stored transposed (EMNIST)</source>
        <translation>图像以转置方式存储（EMNIST）</translation>
    </message>
    <message>
        <source>optional: IMAGES[,LABELS] array names</source>
        <translation>可选：IMAGES[,LABELS] 数组名</translation>
    </message>
    <message>
        <source>Stretch to a square</source>
        <translation>拉伸为正方形</translation>
    </message>
    <message>
        <source>Centre crop to a square</source>
        <translation>中心裁剪为正方形</translation>
    </message>
    <message>
        <source>How images that are not square are made square before scaling: stretched (the whole image, squashed) or cropped around the centre (undistorted, edges cut off).</source>
        <translation>非正方形图像在缩放前如何变为正方形：拉伸（保留整幅图像，但会变形）或围绕中心裁剪（不变形，但边缘被裁掉）。</translation>
    </message>
    <message>
        <source>&amp;Arrays:</source>
        <translation>数组(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Fit:</source>
        <translation>适配(&amp;F)：</translation>
    </message>
    <message>
        <source>NumPy File</source>
        <translation>NumPy 文件</translation>
    </message>
    <message>
        <source>NumPy arrays (*.npy);;All files (*)</source>
        <translation>NumPy 数组 (*.npy);;所有文件 (*)</translation>
    </message>
    <message>
        <source>NumPy archives (*.npz);;All files (*)</source>
        <translation>NumPy 归档 (*.npz);;所有文件 (*)</translation>
    </message>
    <message>
        <source>NumPy Labels Array</source>
        <translation>NumPy 标签数组</translation>
    </message>
    <message>
        <source>images.npy</source>
        <translation>images.npy</translation>
    </message>
    <message>
        <source>arrays.npz</source>
        <translation>arrays.npz</translation>
    </message>
</context>
<context>
    <name>vae::RunControl</name>
    <message>
        <source>Could not show the model&apos;s images: %1</source>
        <translation>无法显示模型的图像：%1</translation>
    </message>
    <message>
        <source>Training started · precision %1</source>
        <translation>训练已开始 · 精度 %1</translation>
    </message>
    <message>
        <source>The loss diverged (NaN or exploding); the last good weights were restored with half the learning rate</source>
        <translation>损失发散（NaN 或爆炸）；已恢复最后一组正常的权重，并将学习率减半</translation>
    </message>
    <message>
        <source>Load a dataset before training (File → Open Dataset…)</source>
        <translation>训练前请先加载数据集（文件 → 打开数据集…）</translation>
    </message>
    <message>
        <source>A new run replaces the current one.</source>
        <translation>新的运行将替换当前运行。</translation>
    </message>
    <message>
        <source>Cannot Continue Training</source>
        <translation>无法继续训练</translation>
    </message>
    <message>
        <source>The run was trained on a different dataset.</source>
        <translation>此次运行是在另一个数据集上训练的。</translation>
    </message>
    <message>
        <source>Cannot Start Training</source>
        <translation>无法开始训练</translation>
    </message>
    <message>
        <source>The model settings do not fit this dataset.</source>
        <translation>模型设置与此数据集不匹配。</translation>
    </message>
    <message>
        <source>Continuing the run…</source>
        <translation>正在继续运行…</translation>
    </message>
    <message>
        <source>Training started</source>
        <translation>训练已开始</translation>
    </message>
    <message>
        <source>Opening %1…</source>
        <translation>正在打开 %1…</translation>
    </message>
    <message>
        <source>Could Not Open Checkpoint</source>
        <translation>无法打开检查点</translation>
    </message>
    <message>
        <source>The checkpoint could not be opened.</source>
        <translation>无法打开该检查点。</translation>
    </message>
    <message>
        <source>Saving %1…</source>
        <translation>正在保存 %1…</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Could Not Save Checkpoint</source>
        <translation>无法保存检查点</translation>
    </message>
    <message>
        <source>The checkpoint could not be saved.</source>
        <translation>无法保存该检查点。</translation>
    </message>
    <message>
        <source>Autosaved</source>
        <translation>已自动保存</translation>
    </message>
    <message>
        <source>Autosave failed: %1</source>
        <translation>自动保存失败：%1</translation>
    </message>
    <message>
        <source>Training Failed</source>
        <translation>训练失败</translation>
    </message>
    <message>
        <source>Training stopped because of an error.</source>
        <translation>训练因错误而停止。</translation>
    </message>
    <message>
        <source>Stopped watching %1</source>
        <translation>已停止监视 %1</translation>
    </message>
    <message>
        <source>Opened %1 at step %2. Press Continue Training (F5) to train further.</source>
        <translation>已打开 %1，位于第 %2 步。按“继续训练”(F5) 可继续训练。</translation>
    </message>
    <message>
        <source>Opening %1 replaces the current run.</source>
        <translation>打开 %1 将替换当前运行。</translation>
    </message>
    <message>
        <source>Nothing to save yet: train a model or open a checkpoint first</source>
        <translation>尚无可保存的内容：请先训练模型或打开检查点</translation>
    </message>
    <message>
        <source>Stop training before watching another run</source>
        <translation>监视另一个运行前请先停止训练</translation>
    </message>
    <message>
        <source>Wait until the checkpoint being opened is shown</source>
        <translation>请等待正在打开的检查点显示出来</translation>
    </message>
</context>
<context>
    <name>vae::RunDocument</name>
    <message>
        <source>%1[*] — watching — VAE Studio</source>
        <translation>%1[*] — 监视中 — VAE Studio</translation>
    </message>
    <message>
        <source>VAE Studio</source>
        <translation>VAE Studio</translation>
    </message>
    <message>
        <source>Untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>%1[*] — VAE Studio</source>
        <translation>%1[*] — VAE Studio</translation>
    </message>
    <message>
        <source>%1: could not be read</source>
        <translation>%1：无法读取</translation>
    </message>
</context>
<context>
    <name>vae::SaveImageAction</name>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>%1 image (*.%2)</source>
        <translation>%1 图像 (*.%2)</translation>
    </message>
    <message>
        <source>Save Image As…</source>
        <translation>图像另存为…</translation>
    </message>
    <message>
        <source>Save what this view shows as an image file</source>
        <translation>将此视图显示的内容保存为图像文件</translation>
    </message>
    <message>
        <source>%1: this view saves as .%2, not &apos;.%3&apos;</source>
        <translation>%1：此视图保存为 .%2，而不是“.%3”</translation>
    </message>
    <message>
        <source>%1: the view shows no image yet</source>
        <translation>%1：此视图尚未显示图像</translation>
    </message>
    <message>
        <source>Save Image As</source>
        <translation>图像另存为</translation>
    </message>
</context>
<context>
    <name>vae::TrainingStatus</name>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Training images per second</source>
        <translation>每秒训练图像数</translation>
    </message>
    <message>
        <source>Estimated time until the last epoch ends</source>
        <translation>距最后一个轮次结束的预计时间</translation>
    </message>
    <message>
        <source>epoch %1/%2 · step %3</source>
        <translation>轮次 %1/%2 · 第 %3 步</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>正在开始…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>● Training</source>
        <translation>● 训练中</translation>
    </message>
    <message>
        <source>❚❚ Paused</source>
        <translation>❚❚ 已暂停</translation>
    </message>
    <message>
        <source>■ Stopped</source>
        <translation>■ 已停止</translation>
    </message>
    <message>
        <source>✔ Finished</source>
        <translation>✔ 已完成</translation>
    </message>
    <message>
        <source>✖ Failed</source>
        <translation>✖ 失败</translation>
    </message>
    <message>
        <source>%1 img/s</source>
        <translation>%1 张/秒</translation>
    </message>
    <message>
        <source>ETA %1</source>
        <translation>剩余 %1</translation>
    </message>
    <message>
        <source>Watching %1: reading…</source>
        <translation>正在监视 %1：读取中…</translation>
    </message>
    <message>
        <source>Watching %1: step %2, epoch %3/%4%5 — updated %6</source>
        <translation>正在监视 %1：第 %2 步，轮次 %3/%4%5 — 更新于 %6</translation>
    </message>
    <message>
        <source> (finished)</source>
        <translation>（已完成）</translation>
    </message>
    <message>
        <source>Watching %1: waiting for a readable checkpoint (%2)</source>
        <translation>正在监视 %1：等待可读取的检查点（%2）</translation>
    </message>
    <message>
        <source>Paused: F5 resumes, F10 trains one batch</source>
        <translation>已暂停：F5 继续，F10 训练一个批次</translation>
    </message>
    <message>
        <source>Training finished. Save the run with File → Save Checkpoint (Ctrl+S).</source>
        <translation>训练完成。请用 文件 → 保存检查点 (Ctrl+S) 保存此次运行。</translation>
    </message>
    <message>
        <source>Training stopped. The model is kept: save it with Ctrl+S.</source>
        <translation>训练已停止。模型已保留：可用 Ctrl+S 保存。</translation>
    </message>
    <message>
        <source>Epoch %1 done in %2 s: test loss %3 nats (reconstruction %4 + KL %5)</source>
        <translation>第 %1 轮用时 %2 秒完成：测试损失 %3 奈特（重构 %4 + KL %5）</translation>
    </message>
</context>
<context>
    <name>vae::TrainingView</name>
    <message>
        <source>Reconstructions  ·  test images and the model&apos;s copy of each</source>
        <translation>重构  ·  测试图像及模型对每张图像的复现</translation>
    </message>
    <message>
        <source>Loss per image (nats, lower is better)</source>
        <translation>每张图像的损失（奈特，越低越好）</translation>
    </message>
    <message>
        <source>Latent dimensions  ·  KL near 0 means unused</source>
        <translation>潜在维度  ·  KL 接近 0 表示未被使用</translation>
    </message>
    <message>
        <source>Sort by KL</source>
        <translation>按 KL 排序</translation>
    </message>
    <message>
        <source>Order the bars largest KL first: the dimensions the model uses most come first</source>
        <translation>按 KL 从大到小排列柱条：模型使用最多的维度排在前面</translation>
    </message>
    <message>
        <source>Decoded from random codes z ~ N(0, I): what the model has learned to invent</source>
        <translation>从随机编码 z ~ N(0, I) 解码：模型学会生成的图像</translation>
    </message>
    <message>
        <source>New images</source>
        <translation>生成的图像</translation>
    </message>
    <message>
        <source>input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>recon</source>
        <translation>重构</translation>
    </message>
    <message>
        <source>Saved at step %1.
Press Continue Training (F5)
to see live reconstructions.</source>
        <translation>保存于第 %1 步。
按“继续训练”(F5)
即可看到实时重构。</translation>
    </message>
    <message>
        <source>Reconstructions are shown for runs trained in this window.
New images show the watched run&apos;s samples after its last epoch.</source>
        <translation>重构仅针对在本窗口中训练的运行显示。
“生成的图像”显示被监视运行在其最后一个轮次之后的样本。</translation>
    </message>
    <message>
        <source>Test images and their reconstructions
appear here while training.
%1</source>
        <translation>训练时，测试图像及其重构
会显示在这里。
%1</translation>
    </message>
    <message>
        <source>Press Start (F5)</source>
        <translation>按“开始训练”(F5)</translation>
    </message>
    <message>
        <source>Images the model
invents appear here.</source>
        <translation>模型生成的图像
会显示在这里。</translation>
    </message>
    <message>
        <source>Mutual information between each latent dimension and each generative factor on the test images, after every epoch. MIG (0 to 1) is high when every factor lives in one dimension of its own.</source>
        <translation>每个轮次后，测试图像上每个潜在维度与每个生成因子之间的互信息。每个因子各自只落在一个维度上时，MIG（0 到 1）较高。</translation>
    </message>
    <message>
        <source>Only for datasets with known generative factors (shapes)</source>
        <translation>仅适用于生成因子已知的数据集（shapes）</translation>
    </message>
    <message>
        <source>Appears after the first epoch</source>
        <translation>第一个轮次结束后显示</translation>
    </message>
    <message>
        <source>Disentanglement</source>
        <translation>解耦</translation>
    </message>
    <message>
        <source>Sort by spread</source>
        <translation>按离散程度排序</translation>
    </message>
    <message>
        <source>Order the bars largest code sd first: the dimensions the codes use most come first</source>
        <translation>按编码标准差从大到小排列：编码使用最多的维度排在前面</translation>
    </message>
    <message>
        <source>Images from N(0, I)</source>
        <translation>来自 N(0, I) 的图像</translation>
    </message>
    <message>
        <source>Decoded from random codes z ~ N(0, I). An autoencoder was never trained to fill N(0, I), so most of these look like none of its training images: compare a VAE in the Compare tab.</source>
        <translation>由随机编码 z ~ N(0, I) 解码而来。自编码器从未被训练去填满 N(0, I)，因此这些图像大多不像任何训练图像：可在“比较”标签页中与 VAE 对照。</translation>
    </message>
    <message>
        <source>Latent dimensions  ·  no KL: how codes vary</source>
        <translation>潜在维度  ·  无 KL：编码的变化</translation>
    </message>
</context>
</TS>
