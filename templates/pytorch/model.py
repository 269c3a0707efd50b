"""The network Forecast Lab trained: a stacked {{cell_name}} over the input window, the top layer's last hidden
state, and a linear head to horizon x targets outputs (step-major). Parameter names and shapes are PyTorch's
own, so the page's .safetensors files load with load_state_dict and no renaming."""
from torch import nn


class Forecaster(nn.Module):
    def __init__(self, input_size, hidden_size, num_layers, output_size, dropout):
        super().__init__()
        self.rnn = nn.{{rnn_class}}(
            input_size,
            hidden_size,
            num_layers,
            batch_first=True,
            dropout=dropout if num_layers > 1 else 0.0,
        )
        self.head = nn.Linear(hidden_size, output_size)

    def forward(self, x):
        """x: (B, T, F) prepared inputs -> (B, horizon * targets) prepared outputs."""
        out, _ = self.rnn(x)
        return self.head(out[:, -1, :])
