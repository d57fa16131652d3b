import CKernels
import Synchronization

/// The sizes of one 2-D convolution, seen from the convolution's side: an image [batch,
/// channels, height, width] is read through a weight [outChannels, channels / groups,
/// kernelHeight, kernelWidth] into a map [batch, outChannels, outHeight, outWidth], map
/// position (oh, ow) reading image position (oh * stride - padding + i * dilation, ...) for
/// kernel tap (i, j); positions outside the image read zero.
///
/// A transposed convolution is the same geometry read backwards (its input is the map, its
/// output the image), and the weight gradient pairs an image with a map. The map size is
/// stored rather than derived, so that the gradient of a convolution can produce an image of
/// exactly the original size and a transposed convolution can have output padding.
struct ConvolutionGeometry: Sendable, Equatable {
    var batch: Int
    var channels: Int
    var height: Int
    var width: Int
    var outChannels: Int
    var outHeight: Int
    var outWidth: Int
    var kernelHeight: Int
    var kernelWidth: Int
    var strideH: Int
    var strideW: Int
    var paddingH: Int
    var paddingW: Int
    var dilationH: Int
    var dilationW: Int
    var groups: Int

    var imageShape: [Int] { [batch, channels, height, width] }
    var mapShape: [Int] { [batch, outChannels, outHeight, outWidth] }
    var weightShape: [Int] { [outChannels, channels / groups, kernelHeight, kernelWidth] }

    /// Image channels per group.
    var groupChannels: Int { channels / groups }
    /// Map channels per group.
    var groupOutChannels: Int { outChannels / groups }
    /// Taps per map channel: rows of one group's column matrix (the GEMM's inner extent).
    var taps: Int { groupChannels * kernelHeight * kernelWidth }
    var imagePlane: Int { height * width }
    var mapPlane: Int { outHeight * outWidth }
    /// Columns of the column matrix: every map position of every image (the batch is folded
    /// into the GEMM).
    var columns: Int { batch * mapPlane }

    /// Values of the column matrices the GEMMs work on at a time, over all threads (4 MB in
    /// Float32, each thread's share in its own chunk): im2col writes it, the GEMM reads it and
    /// col2im reads it back while it is still in cache, and scratch memory stays small. Chunks
    /// narrower than `minimumColumns` are not made. (Measured on DCGAN-64's stride-2 layers, 2
    /// cores: chunks of 2-8 MB ran 10-30% faster than whole-batch GEMMs; with the batch split
    /// over the threads, budgets of 0.5-2 M values were within the machine's noise.)
    var columnBudget = 1 << 20
    var minimumColumns = 256
    /// Map planes of at least this many positions are a chunk each: one image's GEMM is then
    /// wide enough, and it reads and writes NCHW in place, with no reordering to and from
    /// channel-major (DCGAN-64's 64x64 layers: their 16 MB maps were copied each pass; measured
    /// per layer, forward 2.9 -> 1.6 ms and backward 4.3 -> 3.2 ms for the first
    /// discriminator layer, 3.1 -> 1.5 and 5.5 -> 3.4 ms for the generator's last).
    var singleImagePlane = 1024

    /// Images per GEMM: one for planes of `singleImagePlane` positions and more, else as many
    /// as fit the column matrix in `columnBudget`, or as many as make `minimumColumns` columns
    /// when that is more (at least one, at most the batch).
    var imagesPerChunk: Int {
        if mapPlane >= singleImagePlane { return 1 }
        let perImage = Swift.max(1, channels * kernelHeight * kernelWidth * mapPlane)
        let forWidth = (minimumColumns + mapPlane - 1) / Swift.max(1, mapPlane)
        return Swift.max(1, Swift.min(batch, Swift.max(columnBudget / perImage, forWidth)))
    }

    /// Whether the kernel covers the whole image, once, without padding: the convolution is
    /// then a fully connected layer ([N, C H W] times the weight [O, C H W] transposed, per
    /// group), and its GEMMs read the tensors in place (DCGAN's first and last layers).
    var isDense: Bool {
        outHeight == 1 && outWidth == 1 && paddingH == 0 && paddingW == 0 && kernelHeight == height && kernelWidth == width
            && (kernelHeight == 1 || dilationH == 1) && (kernelWidth == 1 || dilationW == 1)
    }

    /// The same convolution over `count` images.
    func batch(_ count: Int) -> ConvolutionGeometry {
        var g = self
        g.batch = count
        return g
    }

    /// Threads `forEachChunkAcrossThreads` splits the batch over: `threads` (nil for
    /// `Parallel.threads`), at most one per image, one inside another worker.
    var threads: Int? = nil
    var workers: Int { Parallel.isSerial ? 1 : Swift.max(1, Swift.min(threads ?? Parallel.threads, batch)) }

    /// Splits the batch into one contiguous range of images per thread (`workers`) and runs
    /// `body(worker, start, first, geometry)` over each range's chunks on its own thread
    /// (`Parallel.forEachWorker`: the loops inside run serially); `first` marks a worker's
    /// first chunk. The split depends only on the batch and the thread count.
    ///
    /// With `dynamic`, the chunks (of the same size) go to whichever thread is free instead: a
    /// thread slowed by other work on its core holds up no other. For passes whose chunks write
    /// disjoint outputs and no per-thread sums (`worker` and `first` then say nothing of the
    /// split); the bytes written do not depend on which thread runs a chunk.
    func forEachChunkAcrossThreads(dynamic: Bool = false, _ body: (Int, Int, Bool, ConvolutionGeometry) -> Void) {
        let workers = workers
        var perWorker = self
        perWorker.columnBudget = Swift.max(1, columnBudget / workers)
        let chunk = perWorker.imagesPerChunk
        if dynamic {
            let next = Atomic<Int>(0), chunks = (batch + chunk - 1) / chunk
            Parallel.forEachWorker(workers) { w in
                while true {
                    let index = next.add(1, ordering: .relaxed).oldValue
                    guard index < chunks else { return }
                    let start = index * chunk
                    body(w, start, false, self.batch(Swift.min(chunk, batch - start)))
                }
            }
            return
        }
        Parallel.forEachWorker(workers) { w in
            let end = batch * (w + 1) / workers
            let first = batch * w / workers
            var start = first
            while start < end {
                let count = Swift.min(chunk, end - start)
                body(w, start, start == first, self.batch(count))
                start += count
            }
        }
    }

    /// These sizes as CKernels' im2col and col2im read them.
    var kernelGeometry: medsynth_conv_geometry {
        medsynth_conv_geometry(channels: channels, height: height, width: width, out_height: outHeight, out_width: outWidth,
                               kernel_height: kernelHeight, kernel_width: kernelWidth, stride_h: strideH, stride_w: strideW,
                               padding_h: paddingH, padding_w: paddingW, dilation_h: dilationH, dilation_w: dilationW,
                               columns: columns)
    }

    /// The map extent of a convolution over `extent` (PyTorch's formula); may be zero or
    /// negative for a kernel wider than the padded image.
    static func convolvedExtent(_ extent: Int, kernel: Int, stride: Int, padding: Int, dilation: Int) -> Int {
        let span = extent + 2 * padding - dilation * (kernel - 1) - 1
        return span < 0 ? 0 : span / stride + 1
    }

    /// For kernel tap `tap` along one axis: the map positions `lo ..< hi` whose image position
    /// `position * stride + tap * dilation - padding` lies in `0 ..< extent` (computed once per
    /// tap, so the inner loops need no bounds checks or divisions).
    static func validRange(tap: Int, stride: Int, padding: Int, dilation: Int, extent: Int, count: Int) -> Range<Int> {
        let offset = tap * dilation - padding
        func ceilDiv(_ a: Int, _ b: Int) -> Int { a <= 0 ? -((-a) / b) : (a + b - 1) / b }
        let lo = min(count, max(0, ceilDiv(-offset, stride)))
        let hi = min(count, max(lo, ceilDiv(extent - offset, stride)))
        return lo..<hi
    }
}
